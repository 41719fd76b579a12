"""Customize your news: follows, mutes (with expiry), keyword rules, the trainer's weights,
read state, and the For You page ranked from them."""
