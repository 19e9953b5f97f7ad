"""The starter dilemma library: police dilemmas written for Kompas, in Dutch, French and English.

Each dilemma has a situation, sometimes voices that add complexity, two to four options (each
tagged with the values it serves and the values it puts under pressure) and a reflection. There
are no right answers here: the reflection says what to weigh, not what to do.

Loaded into the database by migration (compass 0002) and by ``kompas load-dilemmas`` after an
update; the keys are stable.
"""

from __future__ import annotations

from typing import Any

CF, Q, OB, EL, LO, NW, R, T = (
    "customer_focus",
    "quality",
    "objectivity",
    "ethical_leadership",
    "loyalty",
    "networking",
    "reliability",
    "transparency",
)

Tr = tuple[str, str, str]  # nl, fr, en


def _t(texts: Tr) -> dict[str, str]:
    return dict(zip(("nl", "fr", "en"), texts, strict=True))


def D(
    key: str,
    themes: list[str],
    audiences: list[str],
    title: Tr,
    situation: Tr,
    options: list[tuple[Tr, list[str], list[str]]],
    reflection: Tr,
    perspectives: list[tuple[Tr, Tr]] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "themes": themes,
        "audiences": audiences,
        "title": _t(title),
        "situation": _t(situation),
        "perspectives": [{"who": _t(w), "view": _t(v)} for w, v in perspectives or []],
        "options": [{"text": _t(t), "serves": s, "harms": h} for t, s, h in options],
        "reflection": _t(reflection),
    }


STARTER: list[dict[str, Any]] = [
    D(
        "bakery-cake",
        ["gifts"],
        ["operational", "newcomers"],
        ("Taart van de bakker", "Le gâteau du boulanger", "The baker's cake"),
        (
            "Na een reeks inbraken pakt uw ploeg de daders op. De bakker uit de straat komt een "
            "grote taart brengen voor het hele team, 'als dank'.",
            "Après une série de cambriolages, votre équipe arrête les auteurs. Le boulanger de "
            "la rue apporte un grand gâteau pour toute l'équipe, « pour vous remercier ».",
            "After a series of burglaries your team arrests the culprits. The baker from the "
            "street brings a large cake for the whole team, 'as a thank you'.",
        ),
        [
            (
                (
                    "Aanvaarden, in de refter delen en melden aan het diensthoofd.",
                    "Accepter, partager au réfectoire et le déclarer au chef de service.",
                    "Accept, share it in the canteen and report it to the head of service.",
                ),
                [CF, T],
                [],
            ),
            (
                (
                    "Vriendelijk weigeren: we doen gewoon ons werk.",
                    "Refuser poliment : nous faisons simplement notre travail.",
                    "Refuse politely: we are just doing our job.",
                ),
                [OB],
                [CF],
            ),
            (
                (
                    "Aanvaarden en er verder niets over zeggen.",
                    "Accepter et ne rien en dire.",
                    "Accept and say nothing more about it.",
                ),
                [CF],
                [T, OB],
            ),
        ],
        (
            "Een kleine, bederfbare attentie na afloop van een zaak, zonder verwachte "
            "wederdienst, kan meestal: deel ze en meld ze. Weigeren kan kwetsen. Wat verandert "
            "er als de bakker volgende week een parkeerprobleem komt aankaarten?",
            "Une petite attention périssable après une affaire, sans contrepartie attendue, est "
            "souvent acceptable : partagez-la et déclarez-la. Refuser peut blesser. Qu'est-ce qui "
            "change si le boulanger vient la semaine prochaine avec un problème de stationnement ?",
            "A small perishable gift after a case is closed, with no favour expected, is usually "
            "fine: share it and report it. Refusing can hurt. What changes if the baker comes "
            "next week about a parking problem?",
        ),
    ),
    D(
        "garage-wine",
        ["gifts", "conflict_of_interest"],
        ["calog", "leaders"],
        ("Wijn van de garagist", "Le vin du garagiste", "Wine from the garage"),
        (
            "De garage die de voertuigen van de zone onderhoudt, stuurt met Kerstmis zes "
            "flessen goede wijn naar u als verantwoordelijke voor het wagenpark. Volgend jaar "
            "loopt de opdracht opnieuw af.",
            "Le garage qui entretient les véhicules de la zone vous envoie à Noël six bonnes "
            "bouteilles de vin, à vous qui gérez le parc automobile. Le marché arrive à échéance "
            "l'an prochain.",
            "The garage that services the zone's vehicles sends you six bottles of good wine at "
            "Christmas, as the person in charge of the fleet. The contract comes up for renewal "
            "next year.",
        ),
        [
            (
                (
                    "Terugsturen met een vriendelijke brief over de regels van de zone.",
                    "Renvoyer avec une lettre aimable sur les règles de la zone.",
                    "Send it back with a friendly letter about the zone's rules.",
                ),
                [OB, T],
                [],
            ),
            (
                (
                    "Melden en laten schenken aan een goed doel.",
                    "Déclarer et faire don à une bonne cause.",
                    "Report it and have it donated to a good cause.",
                ),
                [T, OB],
                [],
            ),
            (
                (
                    "Houden: het is maar een kerstgeschenk, iedereen doet het.",
                    "Garder : ce n'est qu'un cadeau de Noël, tout le monde le fait.",
                    "Keep it: it is only a Christmas present, everybody does it.",
                ),
                [],
                [OB, R],
            ),
        ],
        (
            "Hier is de gever een leverancier en staat een nieuwe opdracht op til: de schijn van "
            "partijdigheid weegt zwaar. Terugsturen met uitleg voorkomt volgende keren.",
            "Ici, le donateur est un fournisseur et un nouveau marché se prépare : l'apparence de "
            "partialité pèse lourd. Renvoyer avec une explication évite les fois suivantes.",
            "Here the giver is a supplier and a new contract is coming: the appearance of "
            "partiality weighs heavily. Sending it back with an explanation prevents next times.",
        ),
    ),
    D(
        "neighbour-plate",
        ["databases", "private_contacts"],
        ["operational", "calog"],
        ("Wie staat er voor de deur?", "Qui est garé devant chez moi ?", "Who is parked outside?"),
        (
            "Uw buurman weet dat u bij de politie werkt. Al een week staat een onbekende wagen "
            "voor zijn oprit. Hij vraagt of u 'even kunt kijken' van wie de nummerplaat is.",
            "Votre voisin sait que vous travaillez à la police. Depuis une semaine, une voiture "
            "inconnue bloque son allée. Il vous demande de « vérifier vite » à qui appartient la "
            "plaque.",
            "Your neighbour knows you work for the police. For a week an unknown car has been "
            "blocking his driveway. He asks you to 'just check' whose number plate it is.",
        ),
        [
            (
                (
                    "Niet opzoeken; uitleggen hoe hij het via de gewone weg meldt.",
                    "Ne pas chercher ; lui expliquer comment le signaler par la voie normale.",
                    "Do not look it up; explain how he can report it the normal way.",
                ),
                [Q, CF],
                [],
            ),
            (
                (
                    "Opzoeken maar de naam niet doorgeven, alleen zeggen dat het 'in orde' is.",
                    "Chercher sans donner le nom, dire seulement que « c'est en ordre ».",
                    "Look it up but not pass on the name, only say it is 'all right'.",
                ),
                [CF],
                [Q, R],
            ),
            (
                (
                    "Opzoeken en hem de naam geven: hij is een goede buur.",
                    "Chercher et lui donner le nom : c'est un bon voisin.",
                    "Look it up and give him the name: he is a good neighbour.",
                ),
                [],
                [Q, OB, R],
            ),
        ],
        (
            "Elke raadpleging van een politiedatabank moet een dienstreden hebben en wordt "
            "gelogd. 'Even kijken' voor een kennis is misbruik, ook zonder de naam door te "
            "geven. U kunt wél helpen door de juiste weg te tonen.",
            "Toute consultation d'une banque de données policière doit avoir un motif de service "
            "et est journalisée. « Vérifier vite » pour une connaissance est un abus, même sans "
            "donner le nom. Vous pouvez aider en montrant la bonne voie.",
            "Every look-up in a police database needs a service reason and is logged. 'Just "
            "checking' for an acquaintance is misuse, even without passing on the name. You can "
            "help by showing the proper way.",
        ),
    ),
    D(
        "ex-partner-search",
        ["databases", "speaking_up"],
        ["operational", "calog"],
        ("De nieuwe vriend van zijn ex", "Le nouveau compagnon de son ex", "His ex's new partner"),
        (
            "U ziet een collega in de databank een naam opzoeken. Later vertelt hij lachend dat "
            "het de nieuwe vriend van zijn ex-vrouw is: 'ik wou gewoon weten wie het is'.",
            "Vous voyez un collègue chercher un nom dans la banque de données. Plus tard, il vous "
            "dit en riant que c'est le nouveau compagnon de son ex-femme : « je voulais juste "
            "savoir qui c'est ».",
            "You see a colleague look up a name in the database. Later he tells you, laughing, "
            "that it is his ex-wife's new partner: 'I just wanted to know who he is'.",
        ),
        [
            (
                (
                    "Hem zelf aanspreken en vragen het te melden.",
                    "L'interpeller moi-même et lui demander de le signaler.",
                    "Address him myself and ask him to report it.",
                ),
                [LO, R],
                [],
            ),
            (
                (
                    "Het melden aan mijn leidinggevende of intern toezicht.",
                    "Le signaler à mon supérieur ou au contrôle interne.",
                    "Report it to my leader or internal oversight.",
                ),
                [R, T],
                [],
            ),
            (
                (
                    "Niets doen: het is een goede collega en er is niets gebeurd.",
                    "Ne rien faire : c'est un bon collègue et il ne s'est rien passé.",
                    "Do nothing: he is a good colleague and nothing happened.",
                ),
                [],
                [R, Q, LO],
            ),
        ],
        (
            "Privénieuwsgierigheid in een politiedatabank is een ernstige inbreuk, ook als er "
            "'niets gebeurt'. Aanspreken is een goede eerste stap; blijft het daarbij, of is het "
            "ernstig, dan is melden geen verraad maar een plicht.",
            "La curiosité privée dans une banque de données policière est un manquement grave, "
            "même s'il « ne se passe rien ». Interpeller est un bon premier pas ; si cela ne "
            "suffit pas, ou si c'est grave, signaler n'est pas une trahison mais un devoir.",
            "Private curiosity in a police database is a serious breach, even if 'nothing "
            "happens'. Addressing him is a good first step; if it stops there, or it is serious, "
            "reporting is not betrayal but a duty.",
        ),
        [
            (
                ("De collega", "Le collègue", "The colleague"),
                (
                    "'Ik zit in een moeilijke scheiding. Ik wou alleen weten of mijn kinderen "
                    "veilig zijn.'",
                    "« Je traverse un divorce difficile. Je voulais seulement savoir si mes "
                    "enfants sont en sécurité. »",
                    "'I am going through a hard divorce. I only wanted to know whether my "
                    "children are safe.'",
                ),
            )
        ],
    ),
    D(
        "team-chat-meme",
        ["social_media", "equal_treatment", "speaking_up"],
        ["operational", "calog", "newcomers"],
        ("De grap in de groepschat", "La blague dans le groupe", "The joke in the group chat"),
        (
            "In de privé-WhatsAppgroep van uw ploeg post iemand een 'grappige' meme over een "
            "bevolkingsgroep die de ploeg vaak tegenkomt. Een paar collega's reageren met "
            "lachende smileys.",
            "Dans le groupe WhatsApp privé de votre équipe, quelqu'un publie un mème « drôle » "
            "sur un groupe de population que vous rencontrez souvent. Quelques collègues "
            "réagissent avec des émojis rieurs.",
            "In your team's private WhatsApp group someone posts a 'funny' meme about a group of "
            "people you often deal with. A few colleagues react with laughing emojis.",
        ),
        [
            (
                (
                    "In de groep zeggen dat ik dit niet oké vind.",
                    "Dire dans le groupe que je ne trouve pas cela correct.",
                    "Say in the group that I do not find this okay.",
                ),
                [LO, Q],
                [],
            ),
            (
                (
                    "De poster apart aanspreken.",
                    "En parler à part avec l'auteur.",
                    "Talk to the poster privately.",
                ),
                [LO],
                [],
            ),
            (
                (
                    "Negeren: het is een privégroep.",
                    "Ignorer : c'est un groupe privé.",
                    "Ignore it: it is a private group.",
                ),
                [],
                [LO, OB, Q],
            ),
            (
                (
                    "Melden aan de leidinggevende.",
                    "Le signaler au supérieur.",
                    "Report it to the leader.",
                ),
                [T],
                [],
            ),
        ],
        (
            "Ook in privégroepen geldt dat uw gedrag het vertrouwen in de politie raakt. "
            "Zwijgen wordt vaak gelezen als instemmen. Wie de eerste stap zet, maakt het voor "
            "anderen makkelijker.",
            "Même dans les groupes privés, votre comportement touche la confiance dans la "
            "police. Le silence est souvent lu comme un accord. Qui fait le premier pas facilite "
            "la tâche des autres.",
            "Even in private groups your behaviour affects trust in the police. Silence is often "
            "read as agreement. Whoever takes the first step makes it easier for others.",
        ),
    ),
    D(
        "facebook-insult",
        ["social_media"],
        ["operational", "calog"],
        ("Scheldpartij op Facebook", "Insultes sur Facebook", "Abuse on Facebook"),
        (
            "Onder een bericht over een controle scheldt een burger de zone en u bij naam uit, "
            "met onwaarheden. U wilt met uw privéaccount reageren om de feiten recht te zetten.",
            "Sous une publication sur un contrôle, un citoyen insulte la zone et vous nommément, "
            "avec des contre-vérités. Vous voulez répondre avec votre compte privé pour rétablir "
            "les faits.",
            "Under a post about a traffic check a citizen abuses the zone and you by name, with "
            "untruths. You want to reply from your private account to set the facts straight.",
        ),
        [
            (
                (
                    "Niet reageren; de communicatieverantwoordelijke verwittigen.",
                    "Ne pas répondre ; prévenir le responsable de la communication.",
                    "Not reply; tell the communication officer.",
                ),
                [NW, R],
                [],
            ),
            (
                (
                    "Kort en feitelijk reageren met mijn privéaccount.",
                    "Répondre brièvement et factuellement avec mon compte privé.",
                    "Reply briefly and factually from my private account.",
                ),
                [T],
                [NW],
            ),
            (
                (
                    "Een schermafbeelding nemen en klacht indienen voor laster.",
                    "Faire une capture d'écran et porter plainte pour calomnie.",
                    "Take a screenshot and file a complaint for defamation.",
                ),
                [R],
                [],
            ),
        ],
        (
            "Reageren als 'privépersoon' over een dienstopdracht wordt al snel gelezen als de "
            "stem van de politie. De zone heeft een communicatielijn; persoonlijke bescherming "
            "tegen laster kan los daarvan.",
            "Répondre « à titre privé » sur une mission de service est vite lu comme la voix de "
            "la police. La zone a une ligne de communication ; la protection personnelle contre "
            "la calomnie peut se faire à côté.",
            "Replying 'as a private person' about a police task is soon read as the voice of the "
            "police. The zone has a communication line; personal protection against defamation "
            "can be sought separately.",
        ),
    ),
    D(
        "cousin-speeding",
        ["private_contacts", "conflict_of_interest"],
        ["operational"],
        ("Uw neef aan het stuur", "Votre cousin au volant", "Your cousin at the wheel"),
        (
            "Tijdens een snelheidscontrole houdt u een wagen tegen die 30 km/u te snel reed. "
            "Aan het stuur zit uw neef. Er is geen collega in de buurt die het kan overnemen.",
            "Lors d'un contrôle de vitesse, vous arrêtez une voiture qui roulait 30 km/h trop "
            "vite. Au volant : votre cousin. Aucun collègue à proximité ne peut prendre le "
            "relais.",
            "During a speed check you stop a car that was doing 30 km/h too fast. Your cousin is "
            "at the wheel. No colleague nearby can take over.",
        ),
        [
            (
                (
                    "Gewoon het proces-verbaal opstellen en het achteraf melden.",
                    "Rédiger le procès-verbal normalement et le signaler ensuite.",
                    "Write the report as usual and signal it afterwards.",
                ),
                [OB, R, T],
                [],
            ),
            (
                (
                    "Een collega oproepen om het over te nemen, ook al duurt het.",
                    "Appeler un collègue pour prendre le relais, même si cela prend du temps.",
                    "Call a colleague to take over, even if it takes time.",
                ),
                [OB],
                [CF],
            ),
            (
                (
                    "Een waarschuwing geven: familie is familie.",
                    "Donner un avertissement : la famille, c'est la famille.",
                    "Give a warning: family is family.",
                ),
                [],
                [OB, R],
            ),
        ],
        (
            "Een dringende taak mag u afwerken, maar correct en gelijk aan iedereen, en u meldt "
            "het achteraf aan uw leidinggevende (Kompas kent daarvoor de melding van "
            "belangenvermenging). Een 'familiekorting' ondergraaft het gelijkheidsbeginsel.",
            "Une tâche urgente peut être terminée, mais correctement et comme pour tout le monde, "
            "et vous la signalez ensuite à votre supérieur (Kompas prévoit le signalement de "
            "conflit d'intérêts). Une « remise familiale » sape le principe d'égalité.",
            "An urgent task may be finished, but correctly and as for anyone, and you signal it "
            "to your leader afterwards (Kompas has the conflict-of-interest signal for that). A "
            "'family discount' undermines equal treatment.",
        ),
    ),
    D(
        "steward-football",
        ["side_activities", "conflict_of_interest"],
        ["operational"],
        ("Steward bij de voetbalclub", "Steward au club de foot", "Steward at the football club"),
        (
            "U wilt in het weekend betaald steward worden bij de plaatselijke voetbalclub. Bij "
            "risicowedstrijden doet uw dienst de ordehandhaving rond hetzelfde stadion.",
            "Vous voulez devenir steward rémunéré le week-end au club de football local. Lors des "
            "matchs à risque, votre service assure le maintien de l'ordre autour du même stade.",
            "You want to become a paid steward at the local football club at weekends. At "
            "high-risk matches your service keeps public order around the same stadium.",
        ),
        [
            (
                (
                    "Aangeven als nevenactiviteit en de beslissing afwachten.",
                    "Déclarer l'activité accessoire et attendre la décision.",
                    "Declare it as a side activity and wait for the decision.",
                ),
                [OB, T],
                [],
            ),
            (
                (
                    "Afzien: de schijn van partijdigheid is te groot.",
                    "Renoncer : l'apparence de partialité est trop grande.",
                    "Give it up: the appearance of partiality is too great.",
                ),
                [OB],
                [],
            ),
            (
                (
                    "Gewoon beginnen; het is in mijn vrije tijd.",
                    "Commencer simplement ; c'est pendant mon temps libre.",
                    "Just start; it is in my own time.",
                ),
                [],
                [OB, T, R],
            ),
        ],
        (
            "Een nevenactiviteit is niet verboden, maar moet verenigbaar zijn met uw functie en "
            "wordt vooraf aangegeven. Hier is het contact met uw eigen opdrachten groot: wat "
            "doet u bij rellen tussen supporters die u als steward kent?",
            "Une activité accessoire n'est pas interdite, mais doit être compatible avec votre "
            "fonction et déclarée à l'avance. Ici, le lien avec vos missions est fort : que "
            "faites-vous en cas d'incidents entre supporters que vous connaissez comme steward ?",
            "A side activity is not forbidden, but it must be compatible with your job and "
            "declared beforehand. Here the overlap with your own duties is large: what do you do "
            "when supporters you know as a steward start a fight?",
        ),
    ),
    D(
        "fuel-card",
        ["public_means", "speaking_up"],
        ["operational", "calog"],
        ("Eén keer tanken", "Un seul plein", "Just one fill-up"),
        (
            "Een collega tankt met de tankkaart van de dienstwagen ook zijn eigen auto vol. "
            "'Eén keer maar, mijn loon komt pas volgende week.' Hij vraagt u niets te zeggen.",
            "Un collègue fait aussi le plein de sa voiture privée avec la carte carburant du "
            "véhicule de service. « Juste une fois, mon salaire n'arrive que la semaine "
            "prochaine. » Il vous demande de ne rien dire.",
            "A colleague also fills his own car with the service vehicle's fuel card. 'Just "
            "once, my pay only comes next week.' He asks you to say nothing.",
        ),
        [
            (
                (
                    "Hem aanspreken: terugbetalen en zelf melden.",
                    "L'interpeller : rembourser et le signaler lui-même.",
                    "Address him: pay it back and report it himself.",
                ),
                [LO, Q],
                [],
            ),
            (
                (
                    "Het meteen melden aan de leidinggevende.",
                    "Le signaler tout de suite au supérieur.",
                    "Report it to the leader at once.",
                ),
                [Q, T],
                [],
            ),
            (
                (
                    "Zwijgen: hij zit echt in de problemen.",
                    "Me taire : il est vraiment en difficulté.",
                    "Keep quiet: he really is in trouble.",
                ),
                [],
                [Q, R, T],
            ),
        ],
        (
            "Dit is gebruik van publieke middelen voor privédoeleinden, hoe begrijpelijk de "
            "reden ook is. Wie zwijgt, deelt in de verantwoordelijkheid. Financiële problemen "
            "verdienen hulp, bijvoorbeeld via de sociale dienst.",
            "Il s'agit d'utiliser des moyens publics à des fins privées, aussi compréhensible "
            "que soit la raison. Qui se tait partage la responsabilité. Des difficultés "
            "financières méritent de l'aide, par exemple via le service social.",
            "This is use of public means for private ends, however understandable the reason. "
            "Whoever keeps quiet shares the responsibility. Money trouble deserves help, for "
            "instance through the social service.",
        ),
    ),
    D(
        "overtime-rounding",
        ["leadership", "public_means"],
        ["leaders"],
        ("Overuren afronden", "Arrondir les heures sup", "Rounding up overtime"),
        (
            "Uw ploeg heeft een zware maand achter de rug. Een collega-teamleider rondt de "
            "overuren van zijn mensen altijd naar boven af 'voor de moraal' en raadt u aan "
            "hetzelfde te doen.",
            "Votre équipe sort d'un mois difficile. Un collègue chef d'équipe arrondit toujours "
            "vers le haut les heures supplémentaires de ses agents « pour le moral » et vous "
            "conseille d'en faire autant.",
            "Your team has had a hard month. A fellow team leader always rounds his people's "
            "overtime up 'for morale' and advises you to do the same.",
        ),
        [
            (
                (
                    "Exact registreren en de inzet op een andere manier erkennen.",
                    "Enregistrer exactement et reconnaître l'effort autrement.",
                    "Record exactly and recognise the effort another way.",
                ),
                [R, EL, Q],
                [],
            ),
            (
                (
                    "Exact registreren en de collega-teamleider erop aanspreken.",
                    "Enregistrer exactement et en parler au collègue chef d'équipe.",
                    "Record exactly and address the fellow team leader.",
                ),
                [EL, LO],
                [],
            ),
            (
                (
                    "Afronden zoals hij: mijn ploeg verdient het.",
                    "Arrondir comme lui : mon équipe le mérite.",
                    "Round up like him: my team deserves it.",
                ),
                [],
                [R, Q, EL],
            ),
        ],
        (
            "Overuren zijn werktijd en geld van de gemeenschap. Een leidinggevende die "
            "afrondt, leert zijn ploeg dat regels onderhandelbaar zijn. Erkenning kan op veel "
            "manieren die wel kloppen.",
            "Les heures supplémentaires sont du temps de travail et de l'argent public. Un "
            "dirigeant qui arrondit apprend à son équipe que les règles se négocient. La "
            "reconnaissance peut prendre bien d'autres formes correctes.",
            "Overtime is working time and public money. A leader who rounds up teaches the team "
            "that rules are negotiable. Recognition can take many forms that are correct.",
        ),
    ),
    D(
        "alderman-son",
        ["loyalty", "equal_treatment"],
        ["operational", "leaders"],
        ("De zoon van de schepen", "Le fils de l'échevin", "The alderman's son"),
        (
            "U betrapt de zoon van een schepen op vandalisme. Uw leidinggevende zegt u 'het "
            "deze keer bij een verwittiging te houden, dat is beter voor iedereen'.",
            "Vous surprenez le fils d'un échevin en plein vandalisme. Votre supérieur vous dit "
            "« d'en rester cette fois à un avertissement, c'est mieux pour tout le monde ».",
            "You catch an alderman's son committing vandalism. Your leader tells you to 'keep it "
            "to a warning this time, better for everyone'.",
        ),
        [
            (
                (
                    "Het proces-verbaal opstellen zoals bij iedereen en het bevel melden aan de "
                    "volgende leidinggevende.",
                    "Rédiger le procès-verbal comme pour tout le monde et signaler l'ordre au "
                    "supérieur suivant.",
                    "Write the report as for anyone and report the order to the next leader up.",
                ),
                [OB, LO, R],
                [],
            ),
            (
                (
                    "Vragen om het bevel schriftelijk te bevestigen.",
                    "Demander de confirmer l'ordre par écrit.",
                    "Ask for the order in writing.",
                ),
                [T],
                [],
            ),
            (
                (
                    "Het bevel volgen: hij is mijn chef.",
                    "Suivre l'ordre : c'est mon chef.",
                    "Follow the order: he is my boss.",
                ),
                [],
                [OB, R, LO],
            ),
        ],
        (
            "Loyaliteit aan een leidinggevende is niet absoluut: een bevel dat tegen de wet of "
            "onze waarden ingaat, voert u niet uit en meldt u hoger op. Gelijke behandeling "
            "geldt ook, en vooral, voor wie invloed heeft.",
            "La loyauté envers un supérieur n'est pas absolue : un ordre contraire à la loi ou à "
            "nos valeurs ne s'exécute pas et se signale plus haut. L'égalité de traitement vaut "
            "aussi, et surtout, pour qui a de l'influence.",
            "Loyalty to a leader is not absolute: an order against the law or our values is not "
            "carried out but reported higher up. Equal treatment applies also, and above all, to "
            "those with influence.",
        ),
        [
            (
                ("De leidinggevende", "Le supérieur", "The leader"),
                (
                    "'Ik krijg al weken druk van het stadhuis over onze begroting. Dit kan ik er "
                    "niet bij hebben.'",
                    "« Je subis depuis des semaines la pression de la commune sur notre budget. "
                    "Je ne peux pas me permettre cela en plus. »",
                    "'I have had the town hall on my back about our budget for weeks. I cannot "
                    "have this on top.'",
                ),
            )
        ],
    ),
    D(
        "journalist-friend",
        ["confidentiality"],
        ["operational", "calog"],
        (
            "Een journalist die u kent",
            "Un journaliste que vous connaissez",
            "A journalist you know",
        ),
        (
            "Een journalist met wie u op school zat, belt u na een zwaar ongeval van vannacht. "
            "Hij wil 'alleen bevestigen' of er een kind bij betrokken was.",
            "Un journaliste avec qui vous étiez à l'école vous appelle après un grave accident "
            "la nuit dernière. Il veut « seulement confirmer » si un enfant était impliqué.",
            "A journalist you went to school with calls you after a serious accident last night. "
            "He 'only wants to confirm' whether a child was involved.",
        ),
        [
            (
                (
                    "Niets zeggen en doorverwijzen naar de communicatieverantwoordelijke.",
                    "Ne rien dire et renvoyer vers le responsable de la communication.",
                    "Say nothing and refer him to the communication officer.",
                ),
                [NW, R],
                [],
            ),
            (
                (
                    "Off the record bevestigen, hij is te vertrouwen.",
                    "Confirmer en off, on peut lui faire confiance.",
                    "Confirm off the record, he can be trusted.",
                ),
                [],
                [NW, R],
            ),
        ],
        (
            "Discretie beschermt slachtoffers, families en het onderzoek. De perslijn bestaat "
            "zodat niemand in zo'n positie gedwongen wordt te kiezen tussen vriendschap en "
            "plicht.",
            "La discrétion protège les victimes, les familles et l'enquête. La ligne presse "
            "existe pour que personne ne soit forcé de choisir entre amitié et devoir.",
            "Discretion protects victims, families and the investigation. The press line exists "
            "so that nobody is forced to choose between friendship and duty.",
        ),
    ),
    D(
        "late-complaint",
        ["speaking_up"],
        ["operational", "calog"],
        ("Te laat met een dossier", "Un dossier en retard", "Late with a file"),
        (
            "Een burger belt voor de derde keer over zijn klacht. Uw dossier is nog niet af "
            "omdat er dringender werk was. U kunt zeggen dat het 'in behandeling' is, of "
            "eerlijk zijn.",
            "Un citoyen appelle pour la troisième fois au sujet de sa plainte. Votre dossier "
            "n'est pas terminé parce qu'il y avait plus urgent. Vous pouvez dire qu'il est « en "
            "cours » ou être honnête.",
            "A citizen calls for the third time about his complaint. Your file is not finished "
            "because more urgent work came first. You can say it is 'being handled', or be "
            "honest.",
        ),
        [
            (
                (
                    "Eerlijk zeggen dat het vertraging heeft, met een nieuwe datum.",
                    "Dire honnêtement qu'il y a du retard, avec une nouvelle date.",
                    "Say honestly that it is delayed, with a new date.",
                ),
                [CF, T, R],
                [],
            ),
            (
                (
                    "Zeggen dat het in behandeling is en het snel afwerken.",
                    "Dire que c'est en cours et le terminer vite.",
                    "Say it is being handled and finish it quickly.",
                ),
                [CF],
                [T],
            ),
            (
                (
                    "Doorverbinden met mijn leidinggevende.",
                    "Transférer l'appel à mon supérieur.",
                    "Put him through to my leader.",
                ),
                [],
                [CF, R],
            ),
        ],
        (
            "Vertraging melden hoort bij klantgerichtheid: mensen kunnen veel aan als ze weten "
            "waar ze staan. Een vage belofte lost vandaag iets op en schaadt morgen het "
            "vertrouwen.",
            "Signaler un retard fait partie de l'orientation client : les gens supportent "
            "beaucoup quand ils savent où ils en sont. Une promesse vague règle le problème "
            "aujourd'hui et nuit demain à la confiance.",
            "Signalling a delay is part of customer focus: people can take a lot when they know "
            "where they stand. A vague promise solves today's call and harms tomorrow's trust.",
        ),
    ),
    D(
        "neighbour-dispute-desk",
        ["equal_treatment"],
        ["calog", "newcomers"],
        (
            "Burenruzie aan het onthaal",
            "Conflit de voisinage à l'accueil",
            "Neighbour dispute at the desk",
        ),
        (
            "Aan het onthaal staat een oudere vrouw in tranen over een haag van de buren. Het is "
            "geen politiezaak. Achter haar staan vijf mensen te wachten.",
            "À l'accueil, une dame âgée pleure à cause de la haie des voisins. Ce n'est pas une "
            "affaire de police. Derrière elle, cinq personnes attendent.",
            "At the front desk an elderly woman is in tears about the neighbours' hedge. It is "
            "not a police matter. Five people are waiting behind her.",
        ),
        [
            (
                (
                    "Kort luisteren, de vrederechter en bemiddelingsdienst uitleggen, gegevens "
                    "meegeven.",
                    "Écouter brièvement, expliquer le juge de paix et la médiation, donner les "
                    "coordonnées.",
                    "Listen briefly, explain the justice of the peace and mediation, hand over "
                    "the contact details.",
                ),
                [CF, Q],
                [],
            ),
            (
                (
                    "Zeggen dat de politie hier niets mee kan doen.",
                    "Dire que la police ne peut rien y faire.",
                    "Say the police cannot do anything about it.",
                ),
                [Q],
                [CF],
            ),
            (
                (
                    "Uitgebreid de tijd nemen; de wachtenden begrijpen het wel.",
                    "Prendre tout le temps nécessaire ; les autres comprendront.",
                    "Take all the time needed; those waiting will understand.",
                ),
                [CF],
                [Q],
            ),
        ],
        (
            "Wie we niet zelf kunnen helpen, verwijzen we goed door. Gelijke behandeling "
            "betekent ook dat de wachtenden hun beurt krijgen: een afspraak voor later kan beide "
            "verzoenen.",
            "Qui nous ne pouvons pas aider, nous l'orientons bien. L'égalité de traitement veut "
            "aussi que ceux qui attendent aient leur tour : un rendez-vous plus tard peut "
            "concilier les deux.",
            "Those we cannot help ourselves we refer well. Equal treatment also means the people "
            "waiting get their turn: an appointment for later can reconcile both.",
        ),
    ),
    D(
        "seized-goods-shortcut",
        ["public_means", "speaking_up"],
        ["newcomers", "operational"],
        ("Het snelle pad", "Le raccourci", "The shortcut"),
        (
            "U bent nieuw. Een ervaren collega toont u hoe de ploeg inbeslagnames 'sneller' "
            "registreert: eerst in een kast, het formulier 'later wel'. Zo doet iedereen het, "
            "zegt hij.",
            "Vous êtes nouveau. Un collègue expérimenté vous montre comment enregistrer les "
            "saisies « plus vite » : d'abord dans une armoire, le formulaire « plus tard ». Tout "
            "le monde fait comme ça, dit-il.",
            "You are new. An experienced colleague shows you how you register seized goods "
            "'faster': into a cupboard first, the form 'later'. Everybody does it that way, he "
            "says.",
        ),
        [
            (
                (
                    "De procedure volgen en vragen waarom het anders gebeurt.",
                    "Suivre la procédure et demander pourquoi on fait autrement.",
                    "Follow the procedure and ask why it is done differently.",
                ),
                [Q, R, T],
                [],
            ),
            (
                (
                    "Meedoen; ik wil niet meteen als lastig bekendstaan.",
                    "Suivre le mouvement ; je ne veux pas passer pour difficile d'emblée.",
                    "Go along; I do not want to be seen as difficult from day one.",
                ),
                [LO],
                [Q, R],
            ),
            (
                (
                    "Meedoen, maar het bij de teamleider aankaarten.",
                    "Suivre, mais en parler au chef d'équipe.",
                    "Go along, but raise it with the team leader.",
                ),
                [T],
                [Q],
            ),
        ],
        (
            "Bij inbeslagnames is de keten van bewaring het bewijs zelf. Nieuwkomers zien "
            "gewoontes die anderen niet meer zien; hun vragen zijn waardevol. Een goede ploeg "
            "maakt het veilig om ze te stellen.",
            "Pour les saisies, la chaîne de conservation est la preuve elle-même. Les nouveaux "
            "voient des habitudes que d'autres ne voient plus ; leurs questions sont précieuses. "
            "Une bonne équipe permet de les poser en sécurité.",
            "With seized goods, the chain of custody is the evidence itself. Newcomers see "
            "habits others no longer see; their questions are valuable. A good team makes it "
            "safe to ask them.",
        ),
    ),
    D(
        "friend-tender",
        ["conflict_of_interest"],
        ["calog"],
        ("Een vriend schrijft in", "Un ami soumissionne", "A friend bids"),
        (
            "U bereidt de aankoop van nieuwe uniformen voor. Een goede vriend van u blijkt een "
            "offerte te hebben ingediend, en zijn prijs is de laagste.",
            "Vous préparez l'achat de nouveaux uniformes. Un bon ami a remis une offre, et son "
            "prix est le plus bas.",
            "You are preparing the purchase of new uniforms. A good friend of yours turns out to "
            "have submitted a bid, and his price is the lowest.",
        ),
        [
            (
                (
                    "De band melden en het dossier laten overnemen.",
                    "Signaler le lien et faire reprendre le dossier.",
                    "Signal the relationship and have the file taken over.",
                ),
                [OB, T],
                [],
            ),
            (
                (
                    "Verder werken: de prijs is objectief de laagste.",
                    "Continuer : le prix est objectivement le plus bas.",
                    "Carry on: the price is objectively the lowest.",
                ),
                [Q],
                [OB, T],
            ),
        ],
        (
            "Ook als de uitkomst dezelfde zou zijn, maakt uw betrokkenheid de beslissing "
            "kwetsbaar: voor andere inschrijvers, voor uw vriend en voor uzelf. Melden "
            "beschermt iedereen, ook de goede offerte.",
            "Même si le résultat était le même, votre implication rend la décision vulnérable : "
            "pour les autres soumissionnaires, pour votre ami et pour vous. Signaler protège "
            "tout le monde, y compris la bonne offre.",
            "Even if the outcome were the same, your involvement makes the decision vulnerable: "
            "for other bidders, for your friend and for you. Signalling protects everyone, "
            "including the good bid.",
        ),
    ),
    D(
        "free-coffee",
        ["gifts"],
        ["operational", "newcomers"],
        ("Gratis koffie", "Café offert", "Free coffee"),
        (
            "De uitbater van een café op uw ronde laat de patrouille nooit betalen voor koffie. "
            "Hij zegt dat hij zich veiliger voelt als de politie langskomt.",
            "Le patron d'un café sur votre tournée ne laisse jamais la patrouille payer le "
            "café. Il dit qu'il se sent plus en sécurité quand vous passez.",
            "The owner of a café on your round never lets the patrol pay for coffee. He says he "
            "feels safer when you drop by.",
        ),
        [
            (
                (
                    "Altijd betalen, ook als hij weigert.",
                    "Toujours payer, même s'il refuse.",
                    "Always pay, even if he refuses.",
                ),
                [OB, R],
                [],
            ),
            (
                (
                    "Af en toe aanvaarden: het is maar koffie.",
                    "Accepter de temps en temps : ce n'est qu'un café.",
                    "Accept now and then: it is only coffee.",
                ),
                [CF],
                [OB],
            ),
            (
                (
                    "Het café vermijden.",
                    "Éviter ce café.",
                    "Avoid the café.",
                ),
                [OB],
                [CF, NW],
            ),
        ],
        (
            "Het gaat niet om de prijs van een koffie, maar om wat hij verwacht: vaker "
            "langskomen is al een voorkeur. Kleine gewoontes worden verwachtingen. Betalen houdt "
            "de relatie gezond.",
            "Il ne s'agit pas du prix d'un café, mais de ce qu'il attend : passer plus souvent "
            "est déjà une préférence. Les petites habitudes deviennent des attentes. Payer garde "
            "la relation saine.",
            "It is not about the price of a coffee but about what he expects: dropping by more "
            "often is already a preference. Small habits become expectations. Paying keeps the "
            "relationship healthy.",
        ),
    ),
    D(
        "colleague-alcohol",
        ["speaking_up", "loyalty"],
        ["operational", "leaders"],
        (
            "Een collega ruikt naar drank",
            "Un collègue sent l'alcool",
            "A colleague smells of drink",
        ),
        (
            "Bij het begin van de nachtdienst ruikt u alcohol bij uw ploegpartner. Hij zegt dat "
            "het van gisteren is en dat hij prima kan rijden.",
            "Au début du service de nuit, vous sentez l'alcool chez votre coéquipier. Il dit "
            "que c'est d'hier et qu'il peut très bien conduire.",
            "At the start of the night shift you smell alcohol on your patrol partner. He says "
            "it is from yesterday and he can drive fine.",
        ),
        [
            (
                (
                    "Zelf rijden en hem na de dienst aanspreken.",
                    "Conduire moi-même et lui en parler après le service.",
                    "Drive myself and talk to him after the shift.",
                ),
                [LO],
                [Q],
            ),
            (
                (
                    "De teamleider nu verwittigen.",
                    "Prévenir maintenant le chef d'équipe.",
                    "Tell the team leader now.",
                ),
                [Q, T, R],
                [],
            ),
            (
                (
                    "Hem geloven en vertrekken.",
                    "Le croire et partir.",
                    "Believe him and go.",
                ),
                [],
                [Q, R],
            ),
        ],
        (
            "Hier gaat veiligheid voor: van burgers, van u beiden, en van zijn loopbaan. Zorg "
            "voor een collega kan ook betekenen dat u hem tegen zichzelf beschermt. Wie "
            "vermoedt dat er meer speelt, kan ook een vertrouwenspersoon aanspreken.",
            "Ici, la sécurité passe avant tout : celle des citoyens, la vôtre et sa carrière. "
            "Prendre soin d'un collègue peut vouloir dire le protéger contre lui-même. Si vous "
            "pensez qu'il y a plus, une personne de confiance peut aider.",
            "Safety comes first here: of citizens, of you both, and of his career. Caring for a "
            "colleague can mean protecting him from himself. If you suspect there is more going "
            "on, a confidential counsellor can help.",
        ),
    ),
    D(
        "social-services-request",
        ["confidentiality"],
        ["operational", "leaders"],
        ("Vraag van het OCMW", "Demande du CPAS", "A request from social services"),
        (
            "Een maatschappelijk werker van het OCMW vraagt u of een gezin dat zij begeleidt "
            "'bij de politie bekend' is. Er loopt een onderzoek naar de vader.",
            "Un assistant social du CPAS vous demande si une famille qu'il accompagne est « "
            "connue chez vous ». Une enquête est en cours sur le père.",
            "A social worker asks you whether a family they support is 'known to you'. An "
            "investigation into the father is under way.",
        ),
        [
            (
                (
                    "Niets delen en de vraag via de officiële weg laten stellen.",
                    "Ne rien partager et faire passer la demande par la voie officielle.",
                    "Share nothing and have the request made through the official channel.",
                ),
                [NW, R],
                [CF],
            ),
            (
                (
                    "Algemene zorgen delen zonder het onderzoek te noemen.",
                    "Partager des inquiétudes générales sans parler de l'enquête.",
                    "Share general concerns without mentioning the investigation.",
                ),
                [CF, NW],
                [R],
            ),
            (
                (
                    "Alles vertellen: de kinderen zijn misschien in gevaar.",
                    "Tout dire : les enfants sont peut-être en danger.",
                    "Tell everything: the children may be in danger.",
                ),
                [CF],
                [NW, R],
            ),
        ],
        (
            "Samenwerken met partners is nodig, maar het geheim van het onderzoek en de privacy "
            "gelden ook. Er bestaan kaders voor casusoverleg; vraag uw leidinggevende of de "
            "magistraat wat kan.",
            "Collaborer avec les partenaires est nécessaire, mais le secret de l'enquête et la "
            "vie privée s'appliquent aussi. Des cadres existent pour la concertation de cas ; "
            "demandez à votre supérieur ou au magistrat ce qui est possible.",
            "Working with partners is necessary, but the secrecy of investigations and privacy "
            "apply too. There are frameworks for case consultation; ask your leader or the "
            "magistrate what is possible.",
        ),
        [
            (
                ("De maatschappelijk werker", "L'assistant social", "The social worker"),
                (
                    "'Als ik het niet weet, kan ik de kinderen niet beschermen.'",
                    "« Si je ne le sais pas, je ne peux pas protéger les enfants. »",
                    "'If I do not know, I cannot protect the children.'",
                ),
            )
        ],
    ),
    D(
        "leader-error",
        ["loyalty", "leadership"],
        ["operational", "leaders"],
        ("De fout van de chef", "L'erreur du chef", "The boss's mistake"),
        (
            "U merkt dat uw diensthoofd een verkeerde datum in een verslag aan het parket "
            "zette. Hij vraagt u het te laten rusten: 'niemand zal het merken'.",
            "Vous remarquez que votre chef de service a mis une mauvaise date dans un rapport "
            "au parquet. Il vous demande de laisser tomber : « personne ne le remarquera ».",
            "You notice your head of service put a wrong date in a report to the prosecutor. He "
            "asks you to let it rest: 'nobody will notice'.",
        ),
        [
            (
                (
                    "Hem vragen een verbeterend verslag te sturen.",
                    "Lui demander d'envoyer un rapport rectificatif.",
                    "Ask him to send a correcting report.",
                ),
                [T, R, LO],
                [],
            ),
            (
                (
                    "Het hoger op melden als hij weigert.",
                    "Le signaler plus haut s'il refuse.",
                    "Report it higher up if he refuses.",
                ),
                [T, R],
                [],
            ),
            (
                (
                    "Het laten rusten.",
                    "Laisser tomber.",
                    "Let it rest.",
                ),
                [],
                [T, R],
            ),
        ],
        (
            "Fouten maken is menselijk; ze verbergen ondergraaft het vertrouwen van de justitie "
            "in elk verslag van de zone. Een leidinggevende die een fout toegeeft, geeft het "
            "sterkste voorbeeld.",
            "Se tromper est humain ; le cacher sape la confiance de la justice dans chaque "
            "rapport de la zone. Un dirigeant qui reconnaît une erreur donne l'exemple le plus "
            "fort.",
            "Mistakes are human; hiding them undermines the judiciary's trust in every report "
            "of the zone. A leader who admits a mistake sets the strongest example.",
        ),
    ),
    D(
        "targeted-parking",
        ["equal_treatment", "loyalty"],
        ["operational", "leaders"],
        ("Een wijk apart", "Un quartier à part", "One neighbourhood singled out"),
        (
            "U krijgt de opdracht om deze maand vooral in één wijk parkeerboetes te schrijven. "
            "Daar wonen veel mensen met een migratieachtergrond; elders is het even druk.",
            "On vous demande ce mois-ci de verbaliser surtout dans un quartier. Beaucoup de "
            "personnes issues de l'immigration y vivent ; ailleurs, c'est tout aussi encombré.",
            "You are told to write parking fines mainly in one neighbourhood this month. Many "
            "people with a migration background live there; elsewhere it is just as busy.",
        ),
        [
            (
                (
                    "Vragen naar de reden van de keuze voor die wijk.",
                    "Demander la raison du choix de ce quartier.",
                    "Ask why that neighbourhood was chosen.",
                ),
                [OB, T],
                [],
            ),
            (
                (
                    "Uitvoeren, maar ook elders controleren.",
                    "Exécuter, mais contrôler aussi ailleurs.",
                    "Carry it out, but check elsewhere too.",
                ),
                [OB],
                [LO],
            ),
            (
                (
                    "Uitvoeren zoals gevraagd.",
                    "Exécuter comme demandé.",
                    "Carry it out as asked.",
                ),
                [LO],
                [OB],
            ),
        ],
        (
            "Er kunnen goede redenen zijn (klachten, ongevallen), maar wie een groep meer "
            "controleert, vindt daar meer overtredingen en bevestigt zo het beeld. Vragen stellen "
            "is geen ongehoorzaamheid.",
            "Il peut y avoir de bonnes raisons (plaintes, accidents), mais qui contrôle davantage "
            "un groupe y trouve davantage d'infractions et confirme ainsi l'image. Poser des "
            "questions n'est pas de la désobéissance.",
            "There may be good reasons (complaints, accidents), but whoever checks one group more "
            "finds more offences there and so confirms the picture. Asking questions is not "
            "disobedience.",
        ),
    ),
    D(
        "integrity-item-dropped",
        ["leadership"],
        ["leaders"],
        ("Geen tijd voor integriteit", "Pas le temps pour l'intégrité", "No time for integrity"),
        (
            "De teamvergadering loopt altijd uit. U overweegt het vaste agendapunt integriteit "
            "te schrappen: 'er is toch nooit iets'.",
            "La réunion d'équipe déborde toujours. Vous envisagez de supprimer le point fixe "
            "« intégrité » : « il n'y a jamais rien de toute façon ».",
            "The team meeting always runs late. You consider dropping the standing item on "
            "integrity: 'there is never anything anyway'.",
        ),
        [
            (
                (
                    "Houden, maar kort: één dilemma van vijf minuten.",
                    "Le garder, mais court : un dilemme de cinq minutes.",
                    "Keep it, but short: one five-minute dilemma.",
                ),
                [EL, T],
                [],
            ),
            (
                (
                    "Schrappen en alleen bespreken als er iets gebeurt.",
                    "Le supprimer et n'en parler que s'il se passe quelque chose.",
                    "Drop it and discuss only when something happens.",
                ),
                [Q],
                [EL],
            ),
        ],
        (
            "'Er is nooit iets' kan ook betekenen dat niemand iets durft te zeggen. Een vast, "
            "kort moment houdt de drempel laag; de tijd die u ervoor maakt, is zelf een "
            "boodschap.",
            "« Il n'y a jamais rien » peut aussi vouloir dire que personne n'ose rien dire. Un "
            "moment fixe et court garde le seuil bas ; le temps que vous y consacrez est en soi "
            "un message.",
            "'There is never anything' can also mean nobody dares to say anything. A short, "
            "fixed moment keeps the threshold low; the time you make for it is a message in "
            "itself.",
        ),
    ),
    D(
        "demonstration-post",
        ["social_media"],
        ["operational", "calog"],
        (
            "Een foto van de betoging",
            "Une photo de la manifestation",
            "A photo of the demonstration",
        ),
        (
            "Na een betoging waar u dienst had, wilt u op uw privéaccount een foto van uzelf in "
            "uniform posten, met uw mening over de eisen van de betogers.",
            "Après une manifestation où vous étiez de service, vous voulez publier sur votre "
            "compte privé une photo de vous en uniforme, avec votre avis sur les revendications "
            "des manifestants.",
            "After a demonstration you worked at, you want to post a photo of yourself in "
            "uniform on your private account, with your view on the protesters' demands.",
        ),
        [
            (
                (
                    "Niet posten.",
                    "Ne pas publier.",
                    "Not post it.",
                ),
                [R, NW],
                [],
            ),
            (
                (
                    "Een foto zonder uniform en zonder mening over de eisen.",
                    "Une photo sans uniforme et sans avis sur les revendications.",
                    "A photo without uniform and without a view on the demands.",
                ),
                [R],
                [],
            ),
            (
                (
                    "Posten: het is mijn privéaccount.",
                    "Publier : c'est mon compte privé.",
                    "Post it: it is my private account.",
                ),
                [],
                [R, NW],
            ),
        ],
        (
            "In uniform spreekt u nooit alleen voor uzelf. Politieke neutraliteit is een "
            "voorwaarde om door iedereen vertrouwd te worden, ook door wie morgen zelf betoogt.",
            "En uniforme, vous ne parlez jamais seulement pour vous. La neutralité politique est "
            "une condition pour avoir la confiance de tous, y compris de qui manifestera demain.",
            "In uniform you never speak only for yourself. Political neutrality is a condition "
            "for being trusted by everyone, including whoever demonstrates tomorrow.",
        ),
    ),
    D(
        "unclaimed-bike",
        ["public_means"],
        ["calog", "operational"],
        ("De vergeten fiets", "Le vélo oublié", "The forgotten bike"),
        (
            "Een gevonden fiets staat al maanden in de berging. De termijn is bijna om. Een "
            "collega vraagt of hij hem 'dan maar' mag meenemen voor zijn zoon.",
            "Un vélo trouvé est dans la remise depuis des mois. Le délai est presque écoulé. Un "
            "collègue demande s'il peut « dans ce cas » le prendre pour son fils.",
            "A found bike has been in the store room for months. The term is almost over. A "
            "colleague asks whether he may 'just' take it for his son.",
        ),
        [
            (
                (
                    "Nee: de procedure voor gevonden voorwerpen bepaalt wat ermee gebeurt.",
                    "Non : la procédure des objets trouvés décide de sa destination.",
                    "No: the found-property procedure decides what happens to it.",
                ),
                [Q, OB],
                [],
            ),
            (
                (
                    "Ja, als niemand hem komt halen.",
                    "Oui, si personne ne vient le chercher.",
                    "Yes, if nobody comes for it.",
                ),
                [],
                [Q, OB, T],
            ),
        ],
        (
            "Gevonden voorwerpen zijn niet van de zone en zeker niet van het personeel. Wat "
            "klein lijkt, is precies het soort gewoonte dat vertrouwen sloopt als het uitkomt.",
            "Les objets trouvés n'appartiennent pas à la zone, encore moins au personnel. Ce qui "
            "paraît petit est justement le genre d'habitude qui détruit la confiance quand elle "
            "se sait.",
            "Found property does not belong to the zone, let alone to staff. What seems small is "
            "exactly the kind of habit that destroys trust once it comes out.",
        ),
    ),
    D(
        "shared-password",
        ["databases", "loyalty"],
        ["calog", "newcomers"],
        ("Uw wachtwoord uitlenen?", "Prêter votre mot de passe ?", "Lending your password?"),
        (
            "Een operationele collega heeft dringend een opzoeking nodig in een toepassing waar "
            "hij geen toegang toe heeft. Hij vraagt of hij even op uw account mag.",
            "Un collègue opérationnel a besoin d'urgence d'une recherche dans une application à "
            "laquelle il n'a pas accès. Il demande s'il peut utiliser votre compte un instant.",
            "An operational colleague urgently needs a look-up in an application he has no "
            "access to. He asks whether he may use your account for a moment.",
        ),
        [
            (
                (
                    "Weigeren, en zelf de opzoeking doen als er een dienstreden is.",
                    "Refuser, et faire moi-même la recherche s'il y a un motif de service.",
                    "Refuse, and do the look-up myself if there is a service reason.",
                ),
                [Q, LO],
                [],
            ),
            (
                (
                    "Weigeren en hem naar zijn leidinggevende sturen.",
                    "Refuser et l'envoyer vers son supérieur.",
                    "Refuse and send him to his leader.",
                ),
                [Q],
                [LO],
            ),
            (
                (
                    "Het toestaan: het is dringend.",
                    "Accepter : c'est urgent.",
                    "Allow it: it is urgent.",
                ),
                [LO],
                [Q, R],
            ),
        ],
        (
            "Alles wat onder uw account gebeurt, staat op uw naam. Toegangsrechten bestaan om "
            "burgers te beschermen. Helpen kan, maar op uw verantwoordelijkheid en met een "
            "reden die u kunt uitleggen.",
            "Tout ce qui se passe sous votre compte est à votre nom. Les droits d'accès existent "
            "pour protéger les citoyens. Aider est possible, mais sous votre responsabilité et "
            "avec un motif que vous pouvez expliquer.",
            "Everything done under your account is in your name. Access rights exist to protect "
            "citizens. Helping is possible, but on your responsibility and with a reason you can "
            "explain.",
        ),
    ),
    D(
        "friend-in-selection",
        ["conflict_of_interest", "leadership"],
        ["leaders"],
        ("Een vriend in de selectie", "Un ami dans la sélection", "A friend in the selection"),
        (
            "U zetelt in de selectiecommissie voor een nieuwe teamleider. Een van de kandidaten "
            "is een goede vriend met wie u op vakantie gaat.",
            "Vous siégez dans la commission de sélection d'un nouveau chef d'équipe. Un des "
            "candidats est un bon ami avec qui vous partez en vacances.",
            "You sit on the selection panel for a new team leader. One of the candidates is a "
            "good friend you go on holiday with.",
        ),
        [
            (
                (
                    "De band melden en me laten vervangen.",
                    "Signaler le lien et me faire remplacer.",
                    "Signal the relationship and have myself replaced.",
                ),
                [OB, T, EL],
                [],
            ),
            (
                (
                    "De band melden en blijven, maar niet over hem oordelen.",
                    "Signaler le lien et rester, sans le juger lui.",
                    "Signal it and stay, but not judge him.",
                ),
                [T],
                [OB],
            ),
            (
                (
                    "Blijven: ik kan objectief zijn.",
                    "Rester : je peux être objectif.",
                    "Stay: I can be objective.",
                ),
                [],
                [OB, T],
            ),
        ],
        (
            "Ook als u objectief bent, zullen andere kandidaten daar niet zeker van zijn. De "
            "schijn telt. Door u te laten vervangen, beschermt u ook uw vriend, als hij het "
            "haalt.",
            "Même si vous êtes objectif, les autres candidats n'en seront pas sûrs. L'apparence "
            "compte. En vous faisant remplacer, vous protégez aussi votre ami, s'il réussit.",
            "Even if you are objective, other candidates will not be sure of it. Appearances "
            "count. By having yourself replaced you also protect your friend, if he succeeds.",
        ),
    ),
    D(
        "information-held-back",
        ["loyalty", "confidentiality"],
        ["operational", "calog"],
        (
            "Informatie voor uzelf houden",
            "Garder l'information pour soi",
            "Keeping information to yourself",
        ),
        (
            "U weet van een nieuwe werkwijze die een andere dienst veel werk zou besparen. Als "
            "u het op de vergadering brengt, scoort u bij de korpschef; als u het nu deelt, "
            "gaat de eer naar de andere dienst.",
            "Vous connaissez une nouvelle méthode qui ferait gagner beaucoup de travail à un "
            "autre service. Si vous la présentez en réunion, vous marquez des points auprès du "
            "chef de corps ; si vous la partagez maintenant, le mérite ira à l'autre service.",
            "You know of a new way of working that would save another service a lot of work. If "
            "you bring it to the meeting, you score with the chief; if you share it now, the "
            "credit goes to the other service.",
        ),
        [
            (
                (
                    "Nu delen met de andere dienst.",
                    "La partager maintenant avec l'autre service.",
                    "Share it with the other service now.",
                ),
                [T, NW, LO],
                [],
            ),
            (
                (
                    "Wachten tot de vergadering.",
                    "Attendre la réunion.",
                    "Wait for the meeting.",
                ),
                [],
                [T, NW],
            ),
        ],
        (
            "Informatie tijdig delen over diensten heen is een waarde van de zone. Wie "
            "informatie vasthoudt voor eigen voordeel, laat de zone betalen voor zijn carrière.",
            "Partager l'information à temps entre services est une valeur de la zone. Qui "
            "retient l'information à son profit fait payer sa carrière à la zone.",
            "Sharing information in time across services is one of the zone's values. Whoever "
            "holds information back for their own gain makes the zone pay for their career.",
        ),
    ),
]
