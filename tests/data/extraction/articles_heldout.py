"""Invented article contents for the held-out split of the extraction set (rendered by build.py).

Every story, person, place and organisation here is made up for the test set. The held-out
pages use templates that the dev pages do not, so they test the extractor on unseen markup.
"""

from __future__ import annotations

from articles import Article

ARTICLES: list[Article] = [
    # ---------------------------------------------------------------- wire (H1)
    Article(
        slug="drought-grain-exports",
        template="wire",
        lang="en",
        title="Drought cuts grain exports as river levels fall to record lows",
        dek="",
        authors=["Farid Haddad"],
        published="2024-08-29T14:03:00Z",
        section="Business",
        image="https://wirephoto.example/photos/2024/08/barges-river.jpg",
        caption="Barges wait near a loading terminal on Aug. 27. (Wire photo/Ines Kolar)",
        blocks=[
            (
                "p",
                "MERIDIAN CITY (Wire) — Grain shipments down the Talva River fell by "
                "nearly a third in August as water levels dropped to the lowest point "
                "since records began, forcing barge operators to carry lighter loads and "
                "pushing up transport costs for farmers.",
            ),
            (
                "p",
                "The river authority said the gauge at Port Selim read 1.2 meters on "
                "Wednesday, below the previous low set in 2018. Barges that normally "
                "carry 1,500 tons are leaving half full to avoid running aground.",
            ),
            (
                "p",
                "Freight rates for the route have more than doubled since June, according "
                "to the national shippers' association, and some exporters have switched "
                "to rail, which has limited spare capacity.",
            ),
            (
                "p",
                "\u201cEvery week without rain costs us money we will not get back,\u201d "
                "said Oren Valdis, who manages a grain cooperative upstream of the port. "
                "\u201cWe are storing what we cannot ship and hoping the autumn is wet.\u201d",
            ),
            (
                "p",
                "Forecasters expect little rain before late September. The agriculture "
                "ministry said it was talking to rail operators about adding trains and "
                "would consider temporary relief on port fees.",
            ),
            (
                "p",
                "Economists said the disruption could shave a tenth of a percentage point "
                "off growth this quarter if it continued.",
            ),
        ],
    ),
    Article(
        slug="court-ruling-data-center",
        template="wire",
        lang="en",
        title="Court halts data center over water use, orders new review",
        dek="",
        authors=["Leona Brandt", "Marcus Oyelaran"],
        published="2024-11-05T22:47:00Z",
        section="Technology",
        image="https://wirephoto.example/photos/2024/11/datacenter-site.jpg",
        caption="Construction at the site outside Fenwick on Nov. 1. (Wire photo)",
        blocks=[
            (
                "p",
                "FENWICK (Wire) — A state court on Tuesday ordered a halt to construction "
                "of a large data center outside Fenwick, ruling that regulators had not "
                "properly studied how much groundwater the site would use for cooling.",
            ),
            (
                "p",
                "Judge Elena Marsh wrote that the environmental review relied on estimates "
                "supplied by the developer without independent checks, and that nearby "
                "farms and a town well field could be affected.",
            ),
            (
                "p",
                "The developer, Halden Compute, said it would appeal. In a statement it said "
                "the facility had been designed to recycle most of its cooling water and "
                "that the ruling put 600 construction jobs at risk.",
            ),
            (
                "p",
                "Residents who brought the case welcomed the decision. Farmer Tessa Grell "
                "said her well had dropped two feet in the past decade and that she "
                "wanted real numbers before another large user was added.",
            ),
            (
                "p",
                "The state environment agency has 90 days to decide whether to conduct a "
                "new review or to challenge the ruling.",
            ),
        ],
    ),
    Article(
        slug="vaccine-trial-results",
        template="wire",
        lang="en",
        title="Nasal vaccine cuts infections in children, trial finds",
        dek="",
        authors=["Grace Nakamura"],
        published="2024-02-07T16:30:00Z",
        section="Health",
        image="https://wirephoto.example/photos/2024/02/clinic.jpg",
        caption="A nurse prepares a dose at a trial clinic. (Wire photo)",
        blocks=[
            (
                "p",
                "LONDRIA (Wire) — A nasal spray vaccine cut respiratory infections among "
                "young children by 61% over one winter, according to results of a large "
                "trial published Wednesday.",
            ),
            (
                "p",
                "The trial enrolled 8,200 children aged 2 to 6 at 40 clinics. Half received "
                "the spray and half a placebo. Researchers then counted laboratory "
                "confirmed infections from October to March.",
            ),
            (
                "p",
                "Side effects were mostly mild, the researchers reported, with a runny "
                "nose the most common complaint. No serious reactions were linked to "
                "the vaccine.",
            ),
            (
                "p",
                "\u201cA spray is much easier for a nervous 3-year-old than a needle,\u201d "
                "said Dr. Amara Osei, the trial's lead investigator. \u201cThat matters "
                "if you want parents to come back every year.\u201d",
            ),
            (
                "p",
                "Independent experts called the results encouraging but said a second "
                "season of data would show whether protection lasted. Regulators are "
                "expected to review the vaccine next year.",
            ),
        ],
    ),
    Article(
        slug="election-recount",
        template="wire",
        lang="en",
        title="Recount confirms 214-vote margin in governor's race",
        dek="",
        authors=["Marcus Oyelaran"],
        published="2024-12-02T19:12:00Z",
        section="Politics",
        image="https://wirephoto.example/photos/2024/12/recount-tables.jpg",
        caption="Election workers count ballots by hand on Nov. 29. (Wire photo)",
        blocks=[
            (
                "p",
                "CAPITAL CITY (Wire) — A hand recount confirmed on Monday that Democrat "
                "Ruth Abernathy won the governor's race by 214 votes, ending a month of "
                "uncertainty in one of the closest statewide contests in decades.",
            ),
            (
                "p",
                "The recount changed the totals in 31 of the state's 54 counties, but by "
                "no more than a dozen votes in any of them. Abernathy's lead shrank by "
                "seven votes from the original count.",
            ),
            (
                "p",
                "Her opponent, Republican Gil Cortland, conceded in a brief statement and "
                "said he had called to congratulate her. He thanked election workers, "
                "who counted more than 2.6 million ballots by hand over nine days.",
            ),
            (
                "p",
                "Election officials said the recount cost about $3.8 million. The state "
                "canvassing board is expected to certify the result on Thursday.",
            ),
        ],
    ),
    # ---------------------------------------------------------------- magazine (H2)
    Article(
        slug="last-lighthouse-keeper",
        template="magazine",
        lang="en-US",
        title="The last lighthouse keeper on the Seaforth coast",
        dek="For 31 years, Agnes Mulroy kept a light that no ship needed. Then it went dark.",
        authors=["Nathaniel Reyes"],
        published="2024-06-18T10:00:00-04:00",
        section="Features",
        image="https://cdn.longreadquarterly.example/2024/06/lighthouse-dusk.jpg",
        caption="The Seaforth Point light at dusk. Photograph by Ilse Brun for the Quarterly.",
        blocks=[
            (
                "p",
                "The lamp at Seaforth Point was automated in 1989, but nobody told Agnes "
                "Mulroy to stop climbing the stairs. So every evening for the next 31 "
                "years she walked up the 117 steps, checked the lens, and wrote a line in "
                "the logbook.",
            ),
            (
                "p",
                "The Coast Guard paid her a small stipend as a caretaker. The logbook "
                "was her own idea. Most entries are about the weather. Some are about "
                "birds. One, from a night in 1996, says only: fog, a fiddle playing "
                "somewhere on the water.",
            ),
            ("pull", "Most entries are about the weather. Some are about birds."),
            (
                "p",
                "Mulroy grew up in the keeper's house. Her father kept the light from "
                "1952 until it was automated, and she took over the logbook when he "
                "died. She never married, and she said she never felt alone.",
            ),
            ("h2", "A light without a purpose"),
            (
                "p",
                "By the 2010s, ships navigated by satellite, and the light was kept "
                "mainly as a landmark for tourists. In 2020 the Coast Guard decided to "
                "switch it off for good and hand the tower to the county.",
            ),
            (
                "p",
                "Mulroy, then 79, moved to an apartment in town. She keeps the logbooks, "
                "all 31 of them, on a shelf by her bed. She reads one each week.",
            ),
            ("pull", "She keeps the logbooks, all 31 of them, on a shelf by her bed."),
            (
                "p",
                "The county has since reopened the tower for visitors on summer weekends. "
                "Mulroy has been back once. She climbed the stairs slowly, stood at the "
                "rail for a long time, and then went down without saying anything.",
            ),
            (
                "p",
                "Asked whether she missed it, she thought for a while. The light did not "
                "need me, she said. I needed the stairs.",
            ),
        ],
        paywalled=False,
    ),
    Article(
        slug="seed-vault-volunteers",
        template="magazine",
        lang="en-US",
        title="Inside the volunteer seed library saving forgotten beans",
        dek="A church basement holds 4,000 varieties that no catalog sells.",
        authors=["Corinne Atwater"],
        published="2024-03-05T09:30:00-05:00",
        section="Science",
        image="https://cdn.longreadquarterly.example/2024/03/seed-jars.jpg",
        caption="Jars of dried beans in the library's cold room.",
        blocks=[
            (
                "p",
                "Behind a steel door in the basement of a Lutheran church in Oxbow, "
                "Minnesota, there are 4,000 kinds of beans. Some came from seed catalogs "
                "that closed a century ago. Most came from kitchens.",
            ),
            (
                "p",
                "The Oxbow Seed Library began in 1987 when a retired schoolteacher, "
                "Ingrid Solheim, asked her neighbors for the seeds their grandparents had "
                "saved. Today it has 160 volunteers who grow out each variety every few "
                "years so the seeds stay alive.",
            ),
            ("pull", "Most came from kitchens."),
            ("h2", "Why old varieties matter"),
            (
                "p",
                "Plant breeders increasingly look to old varieties for traits that modern "
                "ones have lost, such as tolerance of drought or of short northern "
                "summers. Two university programs now request seed from the library "
                "every year.",
            ),
            (
                "ul",
                [
                    "Each variety is grown out at least once every seven years.",
                    "Volunteers record flowering dates and pod counts by hand.",
                    "Seeds are stored at four degrees in sealed glass jars.",
                ],
            ),
            (
                "p",
                "The library gives seeds away to anyone who promises to save some and "
                "send them back. About a third of borrowers do.",
            ),
        ],
        paywalled=True,
    ),
    Article(
        slug="night-shift-nurses",
        template="magazine",
        lang="en-US",
        title="What the night shift knows",
        dek="A year with the nurses who keep a rural hospital running after dark.",
        authors=["Nathaniel Reyes"],
        published="2024-10-29T07:00:00-04:00",
        section="Features",
        image="/2024/10/night-ward.jpg",
        caption="A corridor at Dunmore General at 3 a.m.",
        blocks=[
            (
                "p",
                "At 3 a.m. Dunmore General Hospital is quiet in the way only hospitals "
                "are quiet: machines humming, a television low in one room, someone "
                "laughing at the nurses' station about something that would not be "
                "funny at noon.",
            ),
            (
                "p",
                "There are four nurses on the medical floor tonight for 26 patients. "
                "Charge nurse Delia Harkness has worked nights for nineteen years. She "
                "says she can tell who will have a bad night by how they eat dinner.",
            ),
            ("pull", "She says she can tell who will have a bad night by how they eat dinner."),
            ("h2", "The hours nobody sees"),
            (
                "p",
                "Night nurses do much of the work that keeps the day running: they draw "
                "morning blood, reconcile medication lists, and catch the slow changes "
                "that become emergencies by breakfast.",
            ),
            (
                "p",
                "The hospital has struggled to fill night positions. It pays a differential "
                "of $4 an hour, and Harkness says that is not what keeps people. What keeps "
                "them, she says, is each other.",
            ),
            ("quote", "Days are a relay race. Nights are a rowing team."),
            (
                "p",
                "By 7 a.m. the sun is coming up over the parking lot. The day shift "
                "arrives with coffee. Harkness gives report, goes home, and sleeps until "
                "two in the afternoon.",
            ),
        ],
        paywalled=False,
    ),
    # ---------------------------------------------------------------- ghost (H3)
    Article(
        slug="bike-lanes-one-year",
        template="ghost",
        lang="en",
        title="One year of protected bike lanes: what the counters say",
        dek="Cycling is up, crashes are down, and the parking apocalypse did not happen.",
        authors=["Mira Solberg"],
        published="2024-05-14T15:00:00+00:00",
        section="Streets",
        image="https://streetnotes.example/content/images/2024/05/bike-lane.jpg",
        caption="The Elm Avenue lane during the morning rush.",
        blocks=[
            (
                "p",
                "A year ago the city put concrete curbs along 4.5 miles of Elm Avenue and "
                "Harbor Road, separating bikes from cars. I asked for the counter data "
                "and the crash reports. Here is what they show.",
            ),
            ("h2", "More people riding"),
            (
                "p",
                "The two automatic counters on Elm Avenue recorded an average of 1,140 "
                "bike trips a day this April, up from 610 the April before the lanes "
                "went in. Weekend trips rose even more.",
            ),
            ("bookmark", "Elm Avenue redesign: the original plan", "streetnotes.example"),
            ("h2", "Fewer crashes"),
            (
                "p",
                "Police reports show 14 crashes involving cyclists on the two corridors in "
                "the twelve months after construction, against 31 in the year before. "
                "Injuries to drivers fell too.",
            ),
            ("h2", "Parking"),
            (
                "p",
                "The city removed 86 parking spaces. Business owners warned of empty "
                "shops. Sales tax receipts on the corridor rose 6 percent, roughly in "
                "line with the rest of the city.",
            ),
            ("callout", "Data note: counter totals exclude days when a counter was offline."),
            (
                "p",
                "None of this settles the argument about the next corridor. But the "
                "first one is working, and the numbers are public for anyone who wants "
                "to check them.",
            ),
        ],
    ),
    Article(
        slug="vivienda-alquiler-jovenes",
        template="ghost",
        lang="es",
        title="Alquilar con menos de 30 años: lo que cuesta de verdad",
        dek="Hablamos con doce jóvenes que comparten piso en la ciudad.",
        authors=["Nerea Galdós"],
        published="2024-09-23T10:00:00+02:00",
        section="Sociedad",
        image="https://streetnotes.example/content/images/2024/09/piso-compartido.jpg",
        caption="Una cocina compartida en el barrio de San Lázaro.",
        blocks=[
            (
                "p",
                "Compartir piso ya no es una etapa de estudiantes. Entre los doce jóvenes "
                "con los que hablamos para este reportaje, la mayor tenía 29 años y un "
                "contrato indefinido, y aun así dividía la casa con otras tres personas.",
            ),
            (
                "p",
                "El precio medio de una habitación en la ciudad ha pasado de 310 a 455 "
                "euros en cinco años, según los anuncios analizados por una plataforma "
                "de alquiler. Un piso de dos dormitorios supera ya los 1.100 euros.",
            ),
            ("h2", "La mitad del sueldo"),
            (
                "p",
                "Casi todos los entrevistados dedican más del 40 por ciento de sus "
                "ingresos al alquiler. Irene, enfermera de 27 años, calcula que le "
                "quedan unos 300 euros al mes cuando paga la habitación y el transporte.",
            ),
            ("bookmark", "Así funciona la ayuda estatal al alquiler joven", "streetnotes.example"),
            (
                "p",
                "La ayuda pública de 250 euros mensuales llega a pocos: muchos no tienen "
                "contrato a su nombre porque el propietario solo alquila el piso "
                "entero a una persona.",
            ),
            (
                "ul",
                [
                    "Contratos de habitación sin registrar",
                    "Fianzas de dos o tres meses",
                    "Subidas al renovar de hasta un 15 por ciento",
                ],
            ),
            ("p", "Ninguno de ellos cree que podrá comprar una vivienda antes de los 40."),
        ],
    ),
    Article(
        slug="open-data-portal-audit",
        template="ghost",
        lang="en",
        title="We audited the city's open data portal. Half the links are dead.",
        dek="",
        authors=["Mira Solberg", "Kwame Asante"],
        published="2024-12-09T12:30:00+00:00",
        section="Data",
        image="https://streetnotes.example/content/images/2024/12/portal-audit.png",
        caption="Share of datasets by last update year.",
        blocks=[
            (
                "p",
                "The city launched its open data portal in 2016 with 420 datasets. We "
                "checked every one of them last month. 211 no longer download, and "
                "another 97 have not been updated since 2019.",
            ),
            (
                "table",
                [
                    ["Status", "Datasets", "Share"],
                    ["Working and updated this year", "64", "15%"],
                    ["Working but stale", "145", "35%"],
                    ["Broken link or empty file", "211", "50%"],
                ],
            ),
            (
                "p",
                "The city's technology office said the portal was maintained by one "
                "person who also runs the permitting system. A spokesperson said fixing "
                "the broken links was planned for next year.",
            ),
            ("h2", "What is missing"),
            (
                "p",
                "Some of the most requested datasets, including restaurant inspections "
                "and street tree inventories, are among the broken ones. The budget "
                "dataset was last updated for the 2020 fiscal year.",
            ),
            (
                "p",
                "We have published our full list of checks so readers can see which "
                "datasets work and which do not.",
            ),
        ],
    ),
    # ---------------------------------------------------------------- portal (H4)
    Article(
        slug="stadium-roof-leak",
        template="portal",
        lang="en-GB",
        title="New stadium roof leaks on opening night",
        dek="Fans in the north stand were handed ponchos as rain poured through.",
        authors=["Gary Pullman"],
        published="2024-09-01T22:15:00+01:00",
        section="Sport",
        image="https://i.thebuzzdaily.example/2024/09/01/stadium-rain.jpg",
        caption="Fans in the north stand shelter from the leak.",
        blocks=[
            (
                "p",
                "Supporters at the opening match of the £310m Riverside Arena were "
                "handed plastic ponchos on Saturday night after rain poured through a "
                "gap in the new roof above the north stand.",
            ),
            (
                "p",
                "Stewards moved about 400 fans to empty seats in the east stand during "
                "the first half as water dripped onto the seats and steps.",
            ),
            ("readmore", "Riverside Arena: the £310m ground in numbers"),
            (
                "p",
                "The club said a seal between two roof panels had not been finished "
                "before the match and apologised to supporters. It said the work would "
                "be completed this week.",
            ),
            (
                "p",
                "Season ticket holder Debbie Crane, 54, said: \u201cYou pay all that "
                "money for a new ground and you end up soaked. At least we won.\u201d",
            ),
            ("readmore", "Fans fume as ticket app crashes before kick-off"),
            (
                "p",
                "The home side won 2-0, with both goals scored in the second half at "
                "the dry end of the ground.",
            ),
        ],
    ),
    Article(
        slug="lottery-winner-shares",
        template="portal",
        lang="en-GB",
        title="Lottery winner gives £2m to the street where she grew up",
        dek="",
        authors=["Shona Keel"],
        published="2024-03-27T06:45:00+00:00",
        section="News",
        image="https://i.thebuzzdaily.example/2024/03/27/terrace-street.jpg",
        caption="Neighbours on Albion Terrace celebrate.",
        blocks=[
            (
                "p",
                "A woman who won £18m on the lottery has given £100,000 to each of the "
                "20 households on the terraced street where she grew up.",
            ),
            (
                "p",
                "Margaret Doyle, 66, a retired school cook, said she wanted to thank the "
                "neighbours who looked after her mother during a long illness.",
            ),
            ("readmore", "What to do if you win the lottery, according to experts"),
            (
                "p",
                "Several neighbours said they plan to pay off mortgages. One, a young "
                "couple expecting their first child, said they would use the money to "
                "build an extension.",
            ),
            (
                "ul",
                [
                    "£100,000 to each of 20 households",
                    "£250,000 to the local hospice",
                    "A new minibus for the primary school",
                ],
            ),
            (
                "p",
                "Doyle said she would keep living in her bungalow and that her only "
                "extravagance so far had been a new kettle.",
            ),
        ],
    ),
    Article(
        slug="train-strike-dates",
        template="portal",
        lang="en-GB",
        title="Rail strike dates: full list of walkouts this month",
        dek="Drivers will walk out on three days in the run-up to Christmas.",
        authors=["Gary Pullman"],
        published="2024-12-03T11:20:00+00:00",
        section="Travel",
        image="https://i.thebuzzdaily.example/2024/12/03/empty-station.jpg",
        caption="An empty platform during the last strike.",
        blocks=[
            (
                "p",
                "Train drivers at four operators will strike on three days this month "
                "in a long-running dispute over pay and rest-day working.",
            ),
            (
                "table",
                [
                    ["Date", "Operators affected", "Expected service"],
                    ["Friday 13 December", "Northway, Coastline", "Very limited"],
                    ["Saturday 21 December", "All four", "No trains on most routes"],
                    ["Monday 23 December", "Midshire, Westlink", "Reduced timetable"],
                ],
            ),
            ("readmore", "Can I get a refund if my train is cancelled?"),
            (
                "p",
                "The union said drivers had been offered 3% with conditions they could "
                "not accept. The operators said the offer was fair and affordable.",
            ),
            (
                "p",
                "Passengers are advised to check before they travel. Tickets for "
                "strike days can be used the day before or up to two days after.",
            ),
        ],
    ),
    Article(
        slug="puppy-rescue-cliff",
        template="portal",
        lang="en-GB",
        title="Coastguard rescues puppy stuck on cliff ledge for two days",
        dek="",
        authors=["Shona Keel"],
        published="2024-07-16T15:02:00+01:00",
        section="News",
        image="https://i.thebuzzdaily.example/2024/07/16/puppy-ledge.jpg",
        caption="Biscuit after his rescue.",
        blocks=[
            (
                "p",
                "A spaniel puppy that chased a rabbit over a cliff edge has been rescued "
                "after spending two nights on a narrow ledge 30 metres above the sea.",
            ),
            (
                "p",
                "Biscuit, eight months old, vanished during a walk near St Brannock's "
                "Head on Sunday. His owners searched until dark and reported him missing "
                "to the coastguard.",
            ),
            (
                "p",
                "A walker heard barking on Tuesday morning. A rope team was lowered down "
                "the cliff and brought the puppy up in a rescue bag.",
            ),
            ("readmore", "Dog owners warned after spate of cliff falls"),
            (
                "p",
                "Owner Tom Feeney said Biscuit was hungry and thirsty but otherwise "
                "unhurt, and had eaten two bowls of food and slept for twelve hours.",
            ),
            ("p", "The coastguard reminded owners to keep dogs on leads near cliff edges."),
        ],
    ),
    # ---------------------------------------------------------------- broadcaster (H5)
    Article(
        slug="flood-defences-funding",
        template="broadcaster",
        lang="en-GB",
        title="Towns hit by floods to get £40m for new defences",
        dek="",
        authors=["Anwen Price"],
        published="2024-02-26T12:31:00+00:00",
        section="Wales",
        image="https://static.nationalbroadcast.example/news/976/flood-wall.jpg",
        caption="Flood water in the town centre last November.",
        blocks=[
            (
                "keypoints",
                [
                    "Four towns will share £40m for flood walls and drainage",
                    "Work is due to start next year",
                    "About 1,900 homes flooded in November",
                ],
            ),
            (
                "p",
                "Four towns badly hit by flooding last November will share £40m to build "
                "new defences, the government has announced.",
            ),
            (
                "p",
                "About 1,900 homes and businesses were flooded when two rivers burst "
                "their banks after a month's rain fell in two days.",
            ),
            (
                "p",
                "The money will pay for higher walls along the river in Pontglas and "
                "Llanferran, new pumping stations in Abercarreg and a storage basin "
                "upstream of Trefnant.",
            ),
            ("h2", "Residents want faster action"),
            (
                "p",
                "Residents in Pontglas said they were relieved but worried about another "
                "winter without protection. Shop owner Huw Bevan said his insurance "
                "premium had tripled.",
            ),
            (
                "p",
                "Officials said temporary barriers would be available this winter and "
                "that construction would start next spring.",
            ),
        ],
    ),
    Article(
        slug="local-election-results",
        template="broadcaster",
        lang="en-GB",
        title="Council election results: independents take control in Harrowdale",
        dek="",
        authors=["Anwen Price", "Tom Kersey"],
        published="2024-05-03T09:12:00+01:00",
        section="Politics",
        image="https://static.nationalbroadcast.example/news/977/count-hall.jpg",
        caption="Counting at the leisure centre overnight.",
        blocks=[
            (
                "p",
                "Independent candidates have won control of Harrowdale council for the "
                "first time, ending 16 years of Conservative control.",
            ),
            (
                "table",
                [
                    ["Party", "Seats", "Change"],
                    ["Independent", "24", "+11"],
                    ["Conservative", "15", "-9"],
                    ["Labour", "8", "-1"],
                    ["Liberal Democrat", "4", "-1"],
                ],
            ),
            (
                "p",
                "The independent group, formed two years ago in a row over plans for a "
                "new bypass, campaigned mainly on local services and potholes.",
            ),
            (
                "p",
                "Its leader, Fiona Marsh, said the result showed voters wanted the "
                "council to focus on the basics. We will fix the roads first, she said.",
            ),
            ("p", "Turnout was 38%, up three points on the last election."),
        ],
    ),
    Article(
        slug="bahnstrecke-sperrung",
        template="broadcaster",
        lang="de-DE",
        title="Bahnstrecke zwischen Hagenau und Lindbach monatelang gesperrt",
        dek="",
        authors=["Miriam Vogt"],
        published="2024-07-01T08:00:00+02:00",
        section="Regional",
        image="https://static.nationalbroadcast.example/news/978/gleisbau.jpg",
        caption="Bauarbeiten am Bahnhof Hagenau.",
        blocks=[
            (
                "keypoints",
                [
                    "Die Strecke ist vom 15. Juli bis Ende Oktober gesperrt",
                    "Ersatzbusse fahren im Stundentakt",
                    "Pendler brauchen bis zu 40 Minuten länger",
                ],
            ),
            (
                "p",
                "Die Bahnstrecke zwischen Hagenau und Lindbach wird ab dem 15. Juli für "
                "dreieinhalb Monate komplett gesperrt. Die Bahn erneuert in dieser Zeit "
                "Gleise, Weichen und zwei Brücken.",
            ),
            (
                "p",
                "Statt der Züge fahren Busse im Stundentakt. Pendler müssen nach Angaben "
                "der Bahn mit bis zu 40 Minuten längerer Fahrzeit rechnen.",
            ),
            ("h2", "Kritik von Pendlern"),
            (
                "p",
                "Der Fahrgastverband kritisiert, dass die Sperrung in die Zeit nach den "
                "Sommerferien fällt. Viele Schüler seien auf die Verbindung angewiesen.",
            ),
            (
                "p",
                "Die Bahn verweist darauf, dass die Arbeiten nicht länger aufgeschoben "
                "werden könnten. Eine der Brücken stammt aus dem Jahr 1911.",
            ),
        ],
    ),
    Article(
        slug="school-meals-survey",
        template="broadcaster",
        lang="en-GB",
        title="One in four pupils skip school lunch, survey suggests",
        dek="",
        authors=["Tom Kersey"],
        published="2024-10-15T23:01:00+01:00",
        section="Education",
        image="https://static.nationalbroadcast.example/news/979/canteen.jpg",
        caption="A school canteen in Derby.",
        blocks=[
            (
                "p",
                "A quarter of secondary school pupils regularly skip lunch, according to "
                "a survey of 6,000 teenagers by a children's food charity.",
            ),
            (
                "p",
                "The most common reasons given were long queues, the cost of food and "
                "not liking what was on offer.",
            ),
            (
                "ul",
                [
                    "31% said queues were too long",
                    "27% said food was too expensive",
                    "22% said they did not like the choice",
                ],
            ),
            (
                "p",
                "The charity wants all pupils from families on universal credit to get "
                "free school meals, and for schools to be given more time for lunch.",
            ),
            (
                "p",
                "The Department for Education said it was spending more than ever on "
                "free meals and would look at the findings.",
            ),
        ],
    ),
    # ---------------------------------------------------------------- drupal (H6)
    Article(
        slug="piscine-municipale-fermeture",
        template="drupal",
        lang="fr",
        title="La piscine municipale fermée tout l'été pour travaux",
        dek="",
        authors=["Élodie Marchal"],
        published="2024-06-03T18:20:00+02:00",
        section="Vie locale",
        image="/sites/default/files/2024-06/piscine.jpg",
        caption="Le grand bassin, vidé depuis lundi.",
        blocks=[
            (
                "p",
                "La piscine municipale de Villebrune restera fermée jusqu'à la fin du "
                "mois d'août. Une fuite importante a été découverte sous le grand bassin "
                "lors de la vidange annuelle.",
            ),
            (
                "p",
                "Selon la mairie, l'eau s'infiltrait depuis plusieurs mois dans le sol, "
                "ce qui expliquait une consommation anormalement élevée relevée au "
                "printemps.",
            ),
            (
                "p",
                "Les travaux, estimés à 280 000 euros, consistent à refaire l'étanchéité "
                "du bassin et à remplacer une partie des canalisations.",
            ),
            ("h2", "Des solutions pour l'été"),
            (
                "p",
                "Un accord a été trouvé avec la commune voisine de Saint-Aubert, dont "
                "la piscine accueillera les enfants des centres de loisirs deux matinées "
                "par semaine. Une navette gratuite sera mise en place.",
            ),
            ("p", "Les abonnements en cours seront prolongés de la durée de la fermeture."),
        ],
    ),
    Article(
        slug="radweg-eroeffnung",
        template="drupal",
        lang="de",
        title="Neuer Radweg entlang der Wessel eröffnet",
        dek="",
        authors=["Jonas Ebert"],
        published="2024-04-26T14:00:00+02:00",
        section="Lokales",
        image="/sites/default/files/2024-04/radweg.jpg",
        caption="Radfahrer bei der Eröffnung am Freitag.",
        blocks=[
            (
                "p",
                "Nach zwei Jahren Bauzeit ist der neue Radweg entlang der Wessel am "
                "Freitag eröffnet worden. Er verbindet auf elf Kilometern die Altstadt "
                "mit den Dörfern im Süden.",
            ),
            (
                "p",
                "Der Weg ist durchgehend asphaltiert und drei Meter breit. An vier "
                "Stellen wurden neue Brücken gebaut, damit Radfahrer die Landstraße nicht "
                "mehr überqueren müssen.",
            ),
            (
                "p",
                "Die Kosten von 5,4 Millionen Euro trägt zu großen Teilen das Land. Die "
                "Stadt hat rund 900.000 Euro beigesteuert.",
            ),
            (
                "ul",
                [
                    "Länge: elf Kilometer",
                    "Breite: drei Meter",
                    "Beleuchtung auf den ersten zwei Kilometern",
                ],
            ),
            (
                "p",
                "Bürgermeister Klaus Winter sagte bei der Eröffnung, er hoffe, dass viele "
                "Pendler das Auto künftig stehen lassen.",
            ),
        ],
    ),
    Article(
        slug="community-garden-expansion",
        template="drupal",
        lang="en",
        title="Community garden doubles in size with old rail yard plots",
        dek="",
        authors=["Ruth Okonkwo"],
        published="2024-03-30T10:45:00-04:00",
        section="Neighbourhoods",
        image="/sites/default/files/2024-03/garden.jpg",
        caption="New raised beds on the former rail yard.",
        blocks=[
            (
                "p",
                "The Eastside Community Garden will double in size this spring after the "
                "city leased it a strip of the former rail yard next door.",
            ),
            (
                "p",
                "Volunteers built 60 new raised beds over the winter. The soil in the "
                "yard was tested and found to contain traces of lead, so the beds are "
                "filled with clean soil and lined at the bottom.",
            ),
            (
                "p",
                "The waiting list for a plot had grown to more than 200 households. "
                "Garden coordinator Samira Haddad said the new beds would be offered "
                "first to people who had been waiting longest.",
            ),
            ("h2", "Room for schools"),
            (
                "p",
                "Ten of the new beds are reserved for two nearby elementary schools, "
                "which will use them for science lessons from April.",
            ),
            ("p", "Plots cost $25 a season. The garden waives the fee for anyone who asks."),
        ],
    ),
]
