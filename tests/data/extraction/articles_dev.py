"""Invented article contents for the dev split of the extraction set (rendered by build.py).

Every story, person, place and organisation here is made up for the test set.
"""

from __future__ import annotations

from articles import Article

ARTICLES: list[Article] = [
    # ---------------------------------------------------------------- wordpress (D1)
    Article(
        slug="harbour-dredging-vote",
        template="wordpress",
        lang="en-US",
        title="Council approves harbour dredging after two-hour debate",
        dek="The $4.2 million project will deepen the channel for the first time since 1998.",
        authors=["Maren Okafor"],
        published="2024-03-12T18:40:00-05:00",
        section="Local News",
        image="/wp-content/uploads/2024/03/harbour-dredge-1200x675.jpg",
        caption="A work boat idles near the north breakwater on Monday. Photo by Maren Okafor.",
        blocks=[
            (
                "p",
                "Harlow Bay's city council voted 5-2 on Tuesday night to pay for dredging "
                "the inner harbour channel, ending a dispute that has stalled the project "
                "for almost three years.",
            ),
            (
                "p",
                "The $4.2 million contract, awarded to Pellam Marine Works, calls for "
                "removing roughly 61,000 cubic yards of silt from the channel and the "
                "turning basin by the end of October. Crews could start as early as June, "
                "once state environmental permits are signed.",
            ),
            (
                "p",
                "Fishing crews have complained for years that boats with a full hold now "
                "scrape bottom at low tide. Tom Varga, who runs two trawlers out of the "
                "east dock, told the council he had lost eleven days of work last season "
                "waiting for the tide to come in.",
            ),
            (
                "quote",
                "We are not asking for anything fancy. We are asking to be able to "
                "get out of our own harbour on a Tuesday morning.",
            ),
            (
                "p",
                "The two council members who voted against the plan, Dana Whitcombe and "
                "Raul Ibsen, said they supported dredging but objected to paying for it "
                "out of the city's reserve fund rather than waiting for a federal grant "
                "that may be announced in the fall.",
            ),
            ("h2", "Where the money comes from"),
            (
                "p",
                "Under the approved plan the city will draw $2.9 million from reserves and "
                "borrow the rest through a short-term note. Finance director Alice Moreau "
                "said the reserve would still hold about 14 percent of the annual budget "
                "afterward, above the 10 percent floor set by city policy.",
            ),
            (
                "ul",
                [
                    "$2.9 million from the general reserve fund",
                    "$1.3 million through a three-year municipal note",
                    "Any federal grant awarded later would repay the reserve first",
                ],
            ),
            (
                "p",
                "Mayor Helen Prost said the city could not keep waiting. The harbour, she "
                "said, supports about 300 jobs once the seafood plant and the boatyard "
                "are counted.",
            ),
            (
                "p",
                "Dredged material will be trucked to a lined site near the old county "
                "landfill. Residents of Cove Road, which the trucks will use, asked for "
                "limits on hours, and the council added a condition barring hauling "
                "before 7 a.m. or after 6 p.m.",
            ),
        ],
        comments=[
            ("Gail P.", "Finally. My brother has been waiting on this for years."),
            ("Nick from Cove Rd", "Hope they actually enforce the truck hours this time."),
        ],
    ),
    Article(
        slug="library-late-fees",
        template="wordpress",
        lang="en-US",
        title="Library drops late fees, and the books are coming back",
        dek="Returns rose 18 percent in the first six months without fines.",
        authors=["Jonah Pike"],
        published="2024-05-02T09:15:00-04:00",
        section="Community",
        image="https://www.harlowbayherald.com/wp-content/uploads/2024/05/library-desk.jpg",
        caption="Volunteers sort returned books at the Main Street branch.",
        blocks=[
            (
                "p",
                "Six months after the Harlow Bay Public Library stopped charging late "
                "fees, more books are coming back, not fewer, according to figures the "
                "library board reviewed on Wednesday.",
            ),
            (
                "p",
                "Returns of overdue items rose 18 percent compared with the same months a "
                "year earlier, and the number of cardholders whose borrowing was blocked "
                "because of unpaid fines fell from about 2,100 to zero, since the fines "
                "themselves were erased.",
            ),
            (
                "p",
                "Library director Priya Castellanos said the old fines brought in about "
                "$9,000 a year, less than the staff time spent collecting them. Some "
                "families, she said, had simply stopped coming.",
            ),
            (
                "quote",
                "A child with a $12 fine does not come back to the library. A child "
                "with a book that is two weeks late does.",
            ),
            ("h2", "What still costs money"),
            (
                "p",
                "Lost or damaged items are still billed at replacement cost, and the "
                "library will still block a card once an item is 45 days overdue, until "
                "it is returned. Staff said most people bring the book back within a "
                "week of that notice.",
            ),
            (
                "ol",
                [
                    "Reminder emails go out three days before the due date.",
                    "A second notice follows one week after the due date.",
                    "At 45 days the item is marked lost and the card is paused.",
                ],
            ),
            (
                "p",
                "Board member Ed Franzen asked whether the change had lengthened wait "
                "lists for popular titles. Castellanos said holds were filled on average "
                "in 16 days, one day longer than before, which she called within normal "
                "variation.",
            ),
            (
                "p",
                "The board voted to make the policy permanent and to ask the county "
                "system to adopt the same rules at its four rural branches.",
            ),
        ],
        comments=[],
    ),
    Article(
        slug="ferry-schedule-winter",
        template="wordpress",
        lang="en-US",
        title="Island ferry to keep summer schedule through the winter",
        dek="",
        authors=["Maren Okafor", "Jonah Pike"],
        published="2024-10-21T07:05:00-04:00",
        section="Transportation",
        image="/wp-content/uploads/2024/10/ferry-dock.jpg",
        caption="The Gull Island ferry at its berth on Sunday.",
        blocks=[
            (
                "p",
                "The Gull Island ferry will run its full summer timetable this winter for "
                "the first time, after the county agreed to cover the extra fuel and crew "
                "costs for a one-year trial.",
            ),
            (
                "p",
                "Until now the boat has dropped from nine daily round trips to five "
                "between November and April. Island residents said that left commuters "
                "with no way home after 5:30 p.m. and made it hard for students to stay "
                "for practices and clubs on the mainland.",
            ),
            (
                "p",
                "The trial will cost about $380,000. County commissioners approved it "
                "unanimously on Friday, with the condition that ridership be reported "
                "every month.",
            ),
            ("h3", "New late sailing"),
            (
                "p",
                "The last departure from the mainland moves from 5:30 p.m. to 9:15 p.m. "
                "on weekdays. Weekend service keeps its existing hours.",
            ),
            (
                "p",
                "Ferry captain Luis Amador said crews were glad of the steady work but "
                "warned that winter weather would still cancel some sailings. Last year "
                "the boat missed 23 days between December and March because of high "
                "winds.",
            ),
            (
                "p",
                "Riders can check cancellations on the county's transit line or by "
                "text alert. Commissioners said they would decide next autumn whether "
                "to make the change permanent.",
            ),
        ],
        comments=[
            ("island_mom", "This will change everything for our kids. Thank you."),
        ],
    ),
    Article(
        slug="mercado-municipal-reforma",
        template="wordpress",
        lang="es-ES",
        title="El mercado municipal reabrirá en septiembre tras dos años de obras",
        dek="La reforma costó 6,8 millones de euros y añade 14 puestos nuevos.",
        authors=["Lucía Bermejo"],
        published="2024-07-08T11:30:00+02:00",
        section="Ciudad",
        image="/wp-content/uploads/2024/07/mercado-fachada.jpg",
        caption="La fachada restaurada del mercado, el pasado viernes.",
        blocks=[
            (
                "p",
                "El mercado municipal de Valdeserra volverá a abrir sus puertas el 16 de "
                "septiembre, después de dos años de obras que han transformado por "
                "completo el edificio de 1931, según anunció este lunes el "
                "ayuntamiento.",
            ),
            (
                "p",
                "La reforma, que ha costado 6,8 millones de euros, ha sustituido la "
                "cubierta de hierro, ha instalado cámaras frigoríficas compartidas y ha "
                "ampliado el número de puestos de 38 a 52. Los comerciantes que tenían "
                "licencia antes del cierre podrán volver al mismo lugar que ocupaban.",
            ),
            (
                "p",
                "La concejala de Comercio, Amparo Lledó, explicó que la mitad de los "
                "puestos nuevos se reservarán para productores de la comarca durante los "
                "primeros cinco años.",
            ),
            ("h2", "Horario ampliado"),
            (
                "p",
                "El mercado abrirá de lunes a sábado de ocho de la mañana a nueve de la "
                "noche, tres horas más que antes. Los jueves y viernes la planta alta "
                "funcionará como zona de restauración hasta las once.",
            ),
            (
                "ul",
                [
                    "Aparcamiento subterráneo con 120 plazas",
                    "Punto de recogida de pedidos en línea",
                    "Aseos públicos y sala de lactancia",
                ],
            ),
            (
                "p",
                "Algunos vendedores se quejan del aumento de las tasas, que subirán una "
                "media del 12 por ciento. Rafael Ortiz, pescadero desde hace treinta "
                "años, dijo que esperará a ver cuánta gente vuelve antes de renovar.",
            ),
            (
                "p",
                "El ayuntamiento prepara una fiesta de reapertura con música y degustaciones "
                "el mismo 16 de septiembre.",
            ),
        ],
        comments=[],
    ),
    # ---------------------------------------------------------------- newsroom (D2)
    Article(
        slug="heat-pump-subsidy-uptake",
        template="newsroom",
        lang="en-GB",
        title="Heat pump grants run out months early as demand surges",
        dek="Ministers say a second round will open in the spring, but installers warn of lost jobs.",
        authors=["Ruth Calloway", "Sam Adeyemi"],
        published="2024-09-04T05:02:11Z",
        section="Business",
        image="https://images.dailymeridian.example/ukgrants/heatpump-install.jpg",
        caption="An installer fits an air-source unit in Leeds. Image: Daily Meridian.",
        blocks=[
            (
                "p",
                "A government grant that pays households to replace gas boilers with heat "
                "pumps has run out of money seven months before the end of its budget "
                "year, leaving thousands of applications in limbo.",
            ),
            (
                "p",
                "The energy department confirmed on Tuesday that the £150m set aside for "
                "the year had been fully committed by the end of August. About 9,400 "
                "households received vouchers; a further 3,100 applications arrived too "
                "late.",
            ),
            (
                "related",
                "More on this story",
                [
                    "Why heat pumps cost more in older homes",
                    "Energy bills: what changes in October",
                    "Installers struggle to find trained staff",
                ],
            ),
            (
                "p",
                "Installers said the sudden stop would hit small firms hardest. Nadia "
                "Fenwick, who runs a six-person heating business in Doncaster, said she "
                "had cancelled two weeks of booked work since the announcement.",
            ),
            ("pull", "We took on an apprentice in July on the strength of those bookings."),
            (
                "p",
                "We took on an apprentice in July on the strength of those bookings, she "
                "said. Now I am ringing customers to tell them to wait until spring.",
            ),
            ("h2", "Why demand jumped"),
            (
                "p",
                "Officials said demand rose after the voucher was raised from £5,000 to "
                "£7,500 last autumn, and after a mild summer left installers with spare "
                "capacity to take on new jobs quickly.",
            ),
            (
                "table",
                [
                    ["Quarter", "Vouchers issued", "Average value"],
                    ["Q4 last year", "1,870", "£6,900"],
                    ["Q1", "2,450", "£7,310"],
                    ["Q2", "2,960", "£7,420"],
                    ["July-August", "2,120", "£7,480"],
                ],
            ),
            (
                "p",
                "A spokesperson for the department said a second round would open in "
                "April and that applications already submitted would be considered "
                "first. Opposition energy spokesman Martin Greer called the shortfall "
                "a failure of planning.",
            ),
            (
                "p",
                "The trade body for heating engineers has asked ministers for an "
                "emergency top-up of £40m to clear the waiting list before the winter.",
            ),
        ],
    ),
    Article(
        slug="river-otter-survey",
        template="newsroom",
        lang="en-GB",
        title="Otters found on every river in county for first time in survey's history",
        dek="Volunteers logged spraints and footprints at 212 sites over the winter.",
        authors=["Imogen Thwaite"],
        published="2024-02-19T00:01:00+00:00",
        section="Science & Environment",
        image="https://images.dailymeridian.example/nature/otter-bank.jpg",
        caption="An otter photographed by a trail camera on the River Leam.",
        blocks=[
            (
                "p",
                "Otters have been recorded on every major river in Westmarch for the first "
                "time since volunteers began surveying the county in 1977, according to "
                "results published by the local wildlife trust.",
            ),
            (
                "p",
                "The animals were almost wiped out in much of lowland England by the 1970s, "
                "when pesticides washed into rivers poisoned the fish they ate. Numbers "
                "began to recover after the chemicals were banned.",
            ),
            (
                "p",
                "This winter 140 volunteers checked 212 sites under bridges and along "
                "banks for droppings, known as spraints, and for footprints in mud. "
                "Signs of otters were found at 171 of them.",
            ),
            ("h2", "Cleaner water, but new risks"),
            (
                "p",
                "Ecologist Dr Hannah Rudd, who led the survey, said the recovery showed "
                "what cleaner water could do, but warned that road deaths were now the "
                "biggest known cause of otter mortality in the county.",
            ),
            (
                "quote",
                "Every otter we find dead on a road is one that survived everything "
                "else the river could throw at it.",
            ),
            (
                "p",
                "The trust is asking the highways authority to fit ledges under six "
                "bridges where otters have been killed, so the animals can pass without "
                "climbing onto the carriageway.",
            ),
            ("related", "Related topics", ["Nature conservation", "Mammals", "Countryside"]),
            (
                "p",
                "Results will be shared with the national survey, which is due to "
                "report next year.",
            ),
        ],
    ),
    Article(
        slug="rail-timetable-chaos",
        template="newsroom",
        lang="en-GB",
        title="New rail timetable blamed for week of cancellations",
        dek="",
        authors=["Sam Adeyemi"],
        published="2024-06-07T16:45:00+01:00",
        section="UK",
        image="https://images.dailymeridian.example/transport/platform-board.jpg",
        caption="A departures board at Castlebridge showing cancelled services.",
        blocks=[
            (
                "p",
                "Passengers on the Castlebridge line have faced a week of cancellations "
                "after a new timetable came into force on Sunday, with more than one in "
                "five trains cancelled on some days.",
            ),
            (
                "p",
                "The operator, Midshire Rail, said the new pattern of services relied on "
                "drivers being trained on a route that had been delayed by a shortage of "
                "instructors. About 40 drivers are still waiting to complete the "
                "training.",
            ),
            (
                "ul",
                [
                    "Monday: 96 trains cancelled",
                    "Tuesday: 118 trains cancelled",
                    "Wednesday: 87 trains cancelled",
                    "Thursday: 102 trains cancelled",
                ],
            ),
            (
                "p",
                "Commuter Leah Barnes said her journey to work had taken more than two "
                "hours on three days this week, against 50 minutes normally.",
            ),
            (
                "related",
                "Read more",
                ["Rail fares to rise by 4.9% in March", "Midshire Rail boss: we will fix this"],
            ),
            (
                "p",
                "The operator has introduced a temporary timetable from Monday that "
                "removes 60 services a day but which, it says, can be run reliably "
                "until enough drivers have been trained.",
            ),
            ("h2", "Compensation"),
            (
                "p",
                "Passengers whose trains were delayed by 15 minutes or more can claim "
                "compensation online. Season ticket holders will receive an automatic "
                "discount on their next renewal, the company said.",
            ),
        ],
    ),
    Article(
        slug="museum-returns-masks",
        template="newsroom",
        lang="en-GB",
        title="Museum agrees to return carved masks taken in 1890s",
        dek="The 14 masks will go back to the island community they were taken from.",
        authors=["Ruth Calloway"],
        published="2024-11-28T10:20:00+00:00",
        section="Culture",
        image="https://images.dailymeridian.example/culture/mask-gallery.jpg",
        caption="Two of the masks in the museum's store.",
        blocks=[
            (
                "p",
                "A city museum has agreed to return fourteen carved wooden masks to the "
                "community on the island of Tevari, more than 130 years after they were "
                "taken by a colonial official.",
            ),
            (
                "p",
                "The board of the Ashcombe Museum voted unanimously on Wednesday to "
                "transfer ownership, following a two-year review of how the masks were "
                "acquired. Records show they were removed in 1893 and sold to the "
                "museum by the official's family in 1921.",
            ),
            ("pull", "These objects were never ours to keep."),
            (
                "p",
                "Director Clive Anand said the research left no doubt. These objects were "
                "never ours to keep, he told reporters. The museum will pay for their "
                "transport and for a conservator to travel with them.",
            ),
            ("h2", "A ceremony next year"),
            (
                "p",
                "Elders from Tevari plan to receive the masks in a ceremony next June. "
                "Community representative Mele Tauiliili said several of the masks were "
                "still remembered by name in songs.",
            ),
            (
                "p",
                "The museum holds about 3,000 objects from the Pacific and says it will "
                "publish the collecting history of each one online by 2027.",
            ),
        ],
    ),
    # ---------------------------------------------------------------- regional (D3)
    Article(
        slug="school-bus-drivers-shortage",
        template="regional",
        lang="en-US",
        title="District short 19 bus drivers as school year begins",
        dek="Some routes will be combined and pickups moved earlier.",
        authors=["Carla Dunmore"],
        published="2024-08-26T06:00:00-05:00",
        section="Education",
        image="/uploads/2024/08/bus-lot.jpg",
        caption="Buses parked at the district garage on Friday. (Courier photo)",
        blocks=[
            (
                "p",
                "Millbrook County Schools will start the year on Tuesday with 19 fewer bus "
                "drivers than it needs, forcing the district to combine routes and move "
                "some morning pickups as early as 6:10 a.m.",
            ),
            (
                "p",
                "Transportation director Wade Hollis said the district had hired 11 "
                "drivers over the summer but lost 14 to retirement and to better-paid "
                "jobs driving for delivery companies.",
            ),
            (
                "p",
                "Parents of about 1,300 students received letters last week saying their "
                "child's route had changed. Hollis said mechanics and office staff with "
                "commercial licenses would fill in on some routes during the first "
                "month.",
            ),
            ("h2", "Pay raise on the table"),
            (
                "p",
                "The school board will vote next month on raising starting pay from "
                "$17.50 to $20 an hour and paying a $1,500 bonus to drivers who stay "
                "through the school year.",
            ),
            (
                "ul",
                [
                    "Starting pay would rise to $20 an hour",
                    "Training for the commercial license is paid",
                    "Drivers would get health coverage after 60 days",
                ],
            ),
            (
                "p",
                "Board president Janet Rourke said the raise would cost about $640,000 a "
                "year. We either pay it or we keep asking seven-year-olds to stand at a "
                "bus stop in the dark, she said.",
            ),
            (
                "p",
                "Families with questions about routes can call the transportation office "
                "or check the district's route lookup page.",
            ),
        ],
    ),
    Article(
        slug="county-fair-record-pumpkin",
        template="regional",
        lang="en-US",
        title="Record 1,412-pound pumpkin takes top prize at county fair",
        dek="",
        authors=["Doug Feeney"],
        published="2024-09-15T14:22:00-05:00",
        section="Community",
        image="/uploads/2024/09/pumpkin-scale.jpg",
        caption="Earl Tomczak stands beside his winning pumpkin.",
        blocks=[
            (
                "p",
                "A retired lineman from Alder Springs grew the heaviest pumpkin in the "
                "120-year history of the Millbrook County Fair, a 1,412-pound giant that "
                "took a forklift to move onto the scale on Saturday.",
            ),
            (
                "p",
                "Earl Tomczak, 71, said he started the plant indoors in April and fed it "
                "as much as 200 gallons of water a day during the hottest weeks of "
                "July.",
            ),
            (
                "p",
                "The previous fair record, 1,186 pounds, had stood since 2019. Tomczak's "
                "entry also beat his own best by more than 300 pounds.",
            ),
            (
                "quote",
                "I talk to it every morning. My wife says that is the secret, and I "
                "am not going to argue with her in public.",
            ),
            (
                "p",
                "Judges also handed out ribbons for the longest gourd, the heaviest "
                "watermelon and the best-decorated pumpkin, which went to a fourth-grade "
                "class from Pine Street Elementary.",
            ),
            (
                "table",
                [
                    ["Category", "Winner", "Weight"],
                    ["Giant pumpkin", "Earl Tomczak", "1,412 lb"],
                    ["Watermelon", "Rosa Delgado", "214 lb"],
                    ["Long gourd", "Kyle Anders", "97 in"],
                ],
            ),
            (
                "p",
                "Tomczak said he would save seeds from the winner and hand them out at "
                "the grange hall in the spring.",
            ),
        ],
    ),
    Article(
        slug="water-rate-increase",
        template="regional",
        lang="en-US",
        title="Water bills to rise 9 percent to pay for treatment plant",
        dek="The average household will pay about $5 more a month.",
        authors=["Carla Dunmore"],
        published="2024-04-10T20:10:00-05:00",
        section="Government",
        image="/uploads/2024/04/treatment-plant.jpg",
        caption="The Millbrook treatment plant, built in 1964.",
        blocks=[
            (
                "p",
                "Millbrook residents will pay 9 percent more for water starting in July "
                "after the utility board approved the first of three planned increases "
                "to fund a new treatment plant.",
            ),
            (
                "p",
                "The board voted 4-1 on Wednesday. The average household using 5,000 "
                "gallons a month will see its bill rise from $55.40 to $60.39.",
            ),
            (
                "p",
                "Utility manager Gloria Fenn said the 1964 plant could no longer meet "
                "federal limits that take effect in 2027 and that repairs had already "
                "cost $1.1 million over the past two years.",
            ),
            ("h2", "Help for low-income customers"),
            (
                "p",
                "The board also created an assistance program that will cut bills by "
                "a third for customers who qualify for state heating aid. About 800 "
                "households are expected to be eligible.",
            ),
            (
                "p",
                "The lone no vote came from board member Stan Kowalczyk, who said the "
                "utility should have applied for more state loans before asking "
                "customers to pay.",
            ),
            (
                "p",
                "Two more increases of 7 percent each are planned for 2025 and 2026. "
                "The new plant is expected to open in late 2027.",
            ),
        ],
        paywalled=True,
    ),
    Article(
        slug="diner-closing-after-60-years",
        template="regional",
        lang="en-US",
        title="Corner diner serves its last pie after 60 years",
        dek="Regulars lined up around the block for one more slice.",
        authors=["Doug Feeney"],
        published="2024-12-30T17:35:00-06:00",
        section="Business",
        image="/uploads/2024/12/diner-counter.jpg",
        caption="Owner Bev Lindqvist behind the counter on the final day.",
        blocks=[
            (
                "p",
                "The line outside the Blue Plate Diner on Second Street started before 5 "
                "a.m. on Sunday, two hours before the doors opened for the last time.",
            ),
            (
                "p",
                "Bev Lindqvist, 78, has run the diner since her parents retired in 1981. "
                "They opened it in 1964 with six stools and a pie case that still sits "
                "at the end of the counter.",
            ),
            (
                "p",
                "She said the decision to close came down to her knees and to the "
                "building's owner, who plans to sell. None of her three children want "
                "to take over the business, and she said that was fine with her.",
            ),
            (
                "quote",
                "I have baked something like forty thousand pies in this kitchen. "
                "That is enough pies for one lifetime.",
            ),
            (
                "p",
                "Regulars brought photographs, old menus and, in one case, a coffee mug "
                "that a customer admitted to taking home in 1988. Lindqvist let him "
                "keep it.",
            ),
            (
                "p",
                "By noon the pie case was empty. The diner's recipe for sour cream "
                "raisin pie, long requested and long refused, will be printed in the "
                "church cookbook next spring, she said.",
            ),
        ],
    ),
    # ---------------------------------------------------------------- substack (D4)
    Article(
        slug="why-local-news-deserts-grow",
        template="substack",
        lang="en",
        title="Why the news deserts keep growing",
        dek="Three things I learned visiting towns that lost their paper.",
        authors=["Theo Marchetti"],
        published="2024-04-22T13:00:00+00:00",
        section="",
        image="https://substackcdn.example/image/fetch/w_1200/newsdesert-main.jpg",
        caption="",
        blocks=[
            (
                "p",
                "Over the last two months I drove to nine towns that lost their weekly "
                "newspaper in the past five years. I wanted to know what filled the gap. "
                "The short answer is: not much, and what does fill it is odd.",
            ),
            ("h3", "1. The school board became invisible"),
            (
                "p",
                "In almost every town, people told me they no longer knew when school "
                "board meetings happened. The minutes are online, technically, but "
                "nobody reads minutes. A reporter used to read them so you did not have "
                "to.",
            ),
            ("h3", "2. Facebook groups are the new front page"),
            (
                "p",
                "Every town had one or two community groups with thousands of members. "
                "They are good at lost dogs and road closures. They are bad at anything "
                "that needs a phone call to check.",
            ),
            (
                "blockquote_list",
                [
                    "Admins are volunteers with day jobs.",
                    "Rumours travel faster than corrections.",
                    "Nobody is paid to sit through a four-hour zoning hearing.",
                ],
            ),
            ("h3", "3. Someone usually tries"),
            (
                "p",
                "In four of the nine towns, someone had started a newsletter, a radio "
                "show or a website. Two had already stopped. The ones still going were "
                "run by retired people who did not need the income.",
            ),
            (
                "p",
                "I do not think that is a business model. But it is a start, and I will "
                "write more about the two that seem to be working next week.",
            ),
        ],
    ),
    Article(
        slug="the-case-for-boring-software",
        template="substack",
        lang="en",
        title="The case for boring software in newsrooms",
        dek="Every shiny tool I bought cost more than it saved.",
        authors=["Priya Nandakumar"],
        published="2024-07-15T08:30:00+00:00",
        section="",
        image="https://substackcdn.example/image/fetch/w_1200/boring-software.png",
        caption="",
        blocks=[
            (
                "p",
                "I have run the technology side of three small newsrooms. Each time I "
                "arrived with a list of tools that would fix everything. Each time the "
                "tools that survived were the boring ones.",
            ),
            (
                "p",
                "Here is what I mean by boring: it has been around for ten years, the "
                "people who built it are still maintaining it, and when it breaks you "
                "can find the answer with one search.",
            ),
            (
                "ul",
                [
                    "A shared drive with sensible folder names beats a digital asset manager.",
                    "A spreadsheet of stories beats a planning board that needs training.",
                    "Plain email newsletters beat the personalised ones nobody configures.",
                ],
            ),
            (
                "p",
                "The shiny tools are not bad. They are built for newsrooms with a person "
                "whose whole job is looking after them. A newsroom of six does not have "
                "that person.",
            ),
            (
                "blockquote",
                "The best tool is the one the night editor can fix at eleven at "
                "night without calling anyone.",
            ),
            (
                "p",
                "Next week: how we moved our whole archive off a content system whose "
                "vendor went out of business, and what I would do differently.",
            ),
        ],
        paywalled=True,
    ),
    Article(
        slug="reading-the-budget",
        template="substack",
        lang="en",
        title="How to read a city budget in twenty minutes",
        dek="A field guide for people who are not accountants.",
        authors=["Theo Marchetti"],
        published="2024-10-03T12:00:00+00:00",
        section="",
        image="https://substackcdn.example/image/fetch/w_1200/budget-guide.jpg",
        caption="",
        blocks=[
            (
                "p",
                "City budgets look impossible: four hundred pages, tables of numbers, "
                "acronyms everywhere. But most of what matters is in a few places, and "
                "you can find it in twenty minutes if you know where to look.",
            ),
            ("h3", "Start with the transmittal letter"),
            (
                "p",
                "The manager's letter at the front is where the city tells you what it "
                "thinks the story is. Read it, then go and check whether the numbers "
                "agree.",
            ),
            ("h3", "Find the fund summary"),
            (
                "p",
                "Look for a table showing each fund's starting balance, revenue, spending "
                "and ending balance. If the ending balance is shrinking year after year, "
                "that is your story.",
            ),
            (
                "ol",
                [
                    "Compare this year's proposed spending with last year's actual spending.",
                    "Look for any line that changed by more than 10 percent.",
                    "Ask what happened to positions listed as vacant.",
                ],
            ),
            ("h3", "Ask about the capital plan"),
            (
                "p",
                "Repairs and new buildings live in a separate capital plan. Projects "
                "that slip from year to year are often the ones the city cannot afford. "
                "Ask about them by name.",
            ),
        ],
    ),
    # ---------------------------------------------------------------- amp (D5)
    Article(
        slug="greve-tramway-lyonnais",
        template="amp",
        lang="fr-FR",
        title="Grève des tramways : service réduit jusqu'à jeudi",
        dek="Les conducteurs réclament une hausse de salaire et de meilleurs horaires.",
        authors=["Camille Arnoux"],
        published="2024-03-18T07:45:00+01:00",
        section="Transports",
        image="/medias/2024/03/tram-depot.jpg",
        caption="Des rames à l'arrêt au dépôt de Saint-Priol, lundi matin.",
        blocks=[
            (
                "p",
                "Un tramway sur trois seulement circulera jusqu'à jeudi dans "
                "l'agglomération de Saint-Priol, où les conducteurs ont entamé lundi un "
                "mouvement de grève à l'appel de deux syndicats.",
            ),
            (
                "p",
                "Les grévistes demandent une augmentation de 150 euros par mois et la fin "
                "des services coupés, qui obligent certains agents à travailler tôt le "
                "matin puis tard le soir avec une longue pause non payée entre les deux.",
            ),
            (
                "p",
                "La direction du réseau affirme avoir proposé une hausse de 2,5 % et "
                "l'ouverture de discussions sur l'organisation du travail dès le mois "
                "prochain.",
            ),
            ("h2", "Les lignes concernées"),
            (
                "ul",
                [
                    "Ligne T1 : un tram toutes les vingt minutes",
                    "Ligne T2 : service interrompu après 20 heures",
                    "Ligne T3 : circulation normale",
                ],
            ),
            (
                "p",
                "Les bus ne sont pas touchés par le mouvement. La métropole conseille aux "
                "usagers de privilégier le vélo ou le covoiturage pour les trajets "
                "courts.",
            ),
            (
                "p",
                "Une nouvelle réunion entre la direction et les syndicats est prévue "
                "mercredi après-midi.",
            ),
        ],
    ),
    Article(
        slug="vendanges-precoces",
        template="amp",
        lang="fr-FR",
        title="Des vendanges plus précoces que jamais dans la vallée",
        dek="",
        authors=["Bruno Lestrade"],
        published="2024-08-12T16:00:00+02:00",
        section="Économie",
        image="https://www.lecourrierdusud.example/medias/2024/08/vendanges.jpg",
        caption="Cueillette à la main sur les coteaux, samedi.",
        blocks=[
            (
                "p",
                "Les premiers raisins ont été cueillis le 8 août dans la vallée de "
                "l'Orbelle, soit près de trois semaines plus tôt qu'il y a vingt ans, "
                "selon la chambre d'agriculture.",
            ),
            (
                "p",
                "Les viticulteurs expliquent cette avance par un printemps très doux et "
                "une chaleur précoce en juin. Les raisins blancs, plus sensibles, doivent "
                "être ramassés avant que leur acidité ne chute.",
            ),
            (
                "quote",
                "Mon grand-père vendangeait à la fin septembre. Moi, je commence "
                "avant le 15 août, et mes enfants commenceront peut-être en juillet.",
            ),
            (
                "p",
                "Cette précocité pose des problèmes d'organisation : les saisonniers sont "
                "encore occupés par d'autres récoltes et les caves doivent refroidir le "
                "raisin cueilli par forte chaleur.",
            ),
            ("h2", "Des cépages venus du sud"),
            (
                "p",
                "Plusieurs domaines testent des cépages plus tardifs, venus d'Espagne ou "
                "du Portugal, sur de petites parcelles. Les premiers résultats sont "
                "attendus dans cinq ans.",
            ),
            (
                "p",
                "La récolte s'annonce correcte en volume, avec une qualité jugée bonne "
                "malgré quelques parcelles touchées par la grêle en juillet.",
            ),
        ],
    ),
    Article(
        slug="coastal-path-reopens",
        template="amp",
        lang="en-GB",
        title="Coastal path reopens after cliff fall repairs",
        dek="A new inland section avoids the most unstable stretch.",
        authors=["Owen Treharne"],
        published="2024-05-24T09:00:00+01:00",
        section="News",
        image="/medias/2024/05/coast-path.jpg",
        caption="Walkers on the rerouted section near Porth Ysgol.",
        blocks=[
            (
                "p",
                "A three-mile stretch of coastal path closed since a cliff fall in January "
                "has reopened, with a new inland section that avoids the most unstable "
                "part of the headland.",
            ),
            (
                "p",
                "About 800 tonnes of rock fell onto the beach below Porth Ysgol after "
                "weeks of heavy rain. Nobody was hurt, but a section of path was left "
                "hanging over the edge.",
            ),
            (
                "p",
                "Rangers spent four months building the diversion, which adds about ten "
                "minutes to the walk and passes through a farm whose owner agreed to a "
                "new right of way.",
            ),
            (
                "p",
                "The park authority said the coast was retreating faster than expected "
                "in places and that more diversions were likely over the next decade.",
            ),
            (
                "ul",
                [
                    "Keep to the marked path and away from the cliff edge.",
                    "Dogs must be on a lead through the farm section.",
                    "The beach below the fall remains closed.",
                ],
            ),
        ],
    ),
    # ---------------------------------------------------------------- liveblog (D6)
    Article(
        slug="storm-live-updates",
        template="liveblog",
        lang="en-GB",
        title="Storm Ilse live: power cuts and travel disruption across the north",
        dek="Follow the latest as gusts of up to 90mph hit the coast.",
        authors=["Live team"],
        published="2024-01-14T06:30:00+00:00",
        section="Weather",
        image="https://live.northernpost.example/img/storm-waves.jpg",
        caption="Waves break over the sea wall at Redcar.",
        blocks=[
            (
                "live",
                "12:41",
                "Ferries cancelled for rest of day",
                [
                    "All sailings between Hull and the continent have been cancelled until "
                    "tomorrow morning, the operator says.",
                    "Passengers booked on tonight's crossing can switch to Tuesday at no cost.",
                ],
            ),
            (
                "live",
                "11:58",
                "More than 40,000 homes without power",
                [
                    "Northern Grid says 41,300 customers are now without electricity, mostly in "
                    "rural parts of Northumberland and the Dales.",
                    "Engineers cannot climb poles while gusts remain above 50mph, so some homes "
                    "may be without power overnight.",
                ],
            ),
            (
                "live",
                "10:20",
                "Trains slowed to 50mph",
                [
                    "Network operators have imposed a 50mph speed limit on lines across the "
                    "region. Expect journeys to take longer than usual."
                ],
            ),
            (
                "live",
                "08:05",
                "Highest gust so far",
                [
                    "A gust of 88mph has been recorded at Boulby, the Met Office says, the "
                    "highest in England so far today."
                ],
            ),
            (
                "live",
                "06:30",
                "Good morning",
                [
                    "Welcome to our live coverage of Storm Ilse, which is bringing severe gales "
                    "to northern England and southern Scotland today.",
                    "An amber wind warning is in force until 9pm.",
                ],
            ),
        ],
    ),
    Article(
        slug="wahlabend-liveblog",
        template="liveblog",
        lang="de-DE",
        title="Kommunalwahl in Steinfurt: Der Wahlabend im Liveblog",
        dek="Alle Ergebnisse und Reaktionen aus den Stadtteilen.",
        authors=["Jana Kessler", "Tobias Lindner"],
        published="2024-06-09T17:55:00+02:00",
        section="Politik",
        image="https://live.northernpost.example/img/wahllokal.jpg",
        caption="Auszählung in einem Wahllokal in der Altstadt.",
        blocks=[
            (
                "live",
                "22:47",
                "Bürgermeisterin gratuliert",
                [
                    "Bürgermeisterin Petra Albers hat den Fraktionen gratuliert und eine "
                    "zügige Arbeit im neuen Rat angekündigt.",
                    "Die erste Sitzung ist für den 2. Juli geplant.",
                ],
            ),
            (
                "live",
                "21:30",
                "Alle Bezirke ausgezählt",
                [
                    "Die Grünen werden mit 27,4 Prozent stärkste Kraft, knapp vor der CDU mit "
                    "26,9 Prozent. Die SPD kommt auf 21,2 Prozent.",
                    "Die Wahlbeteiligung liegt bei 58,3 Prozent und damit höher als vor fünf "
                    "Jahren.",
                ],
            ),
            (
                "live",
                "19:12",
                "Erste Bezirke melden Ergebnisse",
                [
                    "In der Nordstadt liegen die Grünen deutlich vorn, in den Dörfern am "
                    "Stadtrand führt die CDU."
                ],
            ),
            (
                "live",
                "18:00",
                "Die Wahllokale sind geschlossen",
                [
                    "Um 18 Uhr haben die 64 Wahllokale geschlossen. Die Auszählung beginnt "
                    "jetzt, erste Ergebnisse erwarten wir gegen 19 Uhr."
                ],
            ),
        ],
    ),
    Article(
        slug="marathon-live",
        template="liveblog",
        lang="en-GB",
        title="City marathon 2024: live updates from the course",
        dek="",
        authors=["Danny Ellery"],
        published="2024-04-21T08:10:00+01:00",
        section="Sport",
        image="https://live.northernpost.example/img/marathon-start.jpg",
        caption="Runners cross the start line on Quay Street.",
        blocks=[
            (
                "live",
                "11:42",
                "Course record falls",
                [
                    "Kenyan-born local runner Abel Kiprono has won in 2:09:31, taking almost a "
                    "minute off the course record set in 2019.",
                    "He said afterwards he had felt strong from the twenty-mile mark.",
                ],
            ),
            (
                "live",
                "10:55",
                "Leaders at halfway",
                ["A group of five passed the halfway point in 1:04:50, well inside record pace."],
            ),
            (
                "live",
                "09:30",
                "Road closures",
                [
                    "Roads around the harbour will stay closed until 4pm. Buses on routes 4, 7 "
                    "and 12 are diverted."
                ],
            ),
            (
                "live",
                "08:10",
                "They're off",
                [
                    "The wheelchair race started at 8am, with the elite field and 11,000 "
                    "club and charity runners following ten minutes later."
                ],
            ),
        ],
    ),
]
