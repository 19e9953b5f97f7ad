"""The built-in texts of the eight values, written for Kompas in our own words (nl, fr, en).

A zone starts from these and edits them through the compass pages; each edit publishes a new
edition (models.CompassEdition). Until the first edit, the built-in texts are the zone's compass.
"""

from __future__ import annotations

from kompas.compass.values import Value

# value -> language -> (name, summary, expected behaviour, one per line)
BUILT_IN: dict[str, dict[str, tuple[str, str, str]]] = {
    Value.CUSTOMER_FOCUS: {
        "nl": (
            "Klantgerichtheid",
            "Wie bij ons aanklopt, burger, partner of collega, krijgt een correct, volledig en "
            "vriendelijk antwoord, ook als we zelf niet kunnen helpen.",
            "Ik spreek en schrijf helder en correct.\n"
            "Ik geef volledige informatie en laat altijd mijn contactgegevens achter.\n"
            "Ik blijf tactvol en open, ook onder druk.\n"
            "Kan ik niet helpen, dan verwijs ik door naar wie het wel kan.\n"
            "Ik behandel klachten, meldingen en opdrachten op tijd en meld vertraging vroeg.",
        ),
        "fr": (
            "Orientation client",
            "Quiconque s'adresse à nous, citoyen, partenaire ou collègue, reçoit une réponse "
            "correcte, complète et aimable, même quand nous ne pouvons pas aider nous-mêmes.",
            "Je parle et j'écris de façon claire et correcte.\n"
            "Je donne une information complète et je laisse toujours mes coordonnées.\n"
            "Je reste courtois et ouvert, même sous pression.\n"
            "Si je ne peux pas aider, j'oriente vers qui le peut.\n"
            "Je traite plaintes, signalements et missions à temps et signale tôt tout retard.",
        ),
        "en": (
            "Customer focus",
            "Whoever turns to us, citizen, partner or colleague, gets a correct, complete and "
            "friendly answer, even when we cannot help ourselves.",
            "I speak and write clearly and correctly.\n"
            "I give complete information and always leave my contact details.\n"
            "I stay tactful and open, also under pressure.\n"
            "When I cannot help, I refer people to whoever can.\n"
            "I handle complaints, reports and assignments on time and signal delays early.",
        ),
    },
    Value.QUALITY: {
        "nl": (
            "Kwalitatieve dienstverlening",
            "We behandelen iedereen gelijk en gaan zuinig en zorgvuldig om met wat de "
            "gemeenschap ons toevertrouwt: middelen, informatie en werktijd.",
            "Ik behandel alle betrokkenen gelijk.\n"
            "Ik gebruik voertuigen, toestellen, ICT, geld en werktijd zorgvuldig en zuinig.\n"
            "Ik gebruik niets van de zone privé zonder toestemming.\n"
            "Ik volg de regels voor ICT, e-mail, software en beroepsgeheim.\n"
            "Ook online en in privéchatgroepen gedraag ik me zoals het past bij mijn functie.",
        ),
        "fr": (
            "Service de qualité",
            "Nous traitons chacun de la même façon et utilisons avec soin et économie ce que la "
            "collectivité nous confie : moyens, informations et temps de travail.",
            "Je traite toutes les parties de manière égale.\n"
            "J'utilise véhicules, appareils, informatique, argent et temps de travail avec soin "
            "et économie.\n"
            "Je n'utilise rien de la zone à titre privé sans autorisation.\n"
            "Je respecte les règles sur l'informatique, le courriel, les logiciels et le secret "
            "professionnel.\n"
            "En ligne et dans les groupes de discussion privés aussi, je me conduis comme ma "
            "fonction le demande.",
        ),
        "en": (
            "Quality of service",
            "We treat everyone equally and use what the community entrusts to us carefully and "
            "economically: means, information and working time.",
            "I treat all parties equally.\n"
            "I use vehicles, devices, ICT, money and working time carefully and economically.\n"
            "I use nothing of the zone privately without permission.\n"
            "I follow the rules on ICT, e-mail, software and professional secrecy.\n"
            "Online and in private chat groups too, I behave as my function asks.",
        ),
    },
    Value.OBJECTIVITY: {
        "nl": (
            "Objectiviteit",
            "We zijn onpartijdig en willen ook niet partijdig lijken: geen discriminatie, geen "
            "vermenging van privébelangen met het werk.",
            "Ik behandel gelijke gevallen gelijk en discrimineer niet.\n"
            "Raakt een taak mensen die ik privé ken, dan meld ik dat meteen aan mijn leidinggevende.\n"
            "Ik meld mijn nevenactiviteiten en zorg dat ze verenigbaar zijn met mijn functie.\n"
            "Ik vraag geen geschenken en meld wat ik toch aanvaard aan mijn diensthoofd.\n"
            "Bij aankopen volg ik de voorgeschreven procedure.",
        ),
        "fr": (
            "Objectivité",
            "Nous sommes impartiaux et ne voulons pas non plus le paraître : pas de "
            "discrimination, pas de mélange entre intérêts privés et travail.",
            "Je traite de la même manière les cas semblables et je ne discrimine pas.\n"
            "Si une mission touche des personnes que je connais en privé, je le signale aussitôt "
            "à mon supérieur.\n"
            "Je déclare mes activités accessoires et veille à ce qu'elles soient compatibles avec "
            "ma fonction.\n"
            "Je ne demande pas de cadeaux et je déclare à mon chef de service ce que j'accepte.\n"
            "Pour les achats, je suis la procédure prescrite.",
        ),
        "en": (
            "Objectivity",
            "We are impartial and do not want to look partial either: no discrimination, no "
            "mixing of private interests with the job.",
            "I treat like cases alike and do not discriminate.\n"
            "When a task touches people I know privately, I tell my leader at once.\n"
            "I declare my side activities and keep them compatible with my job.\n"
            "I ask for no gifts and report what I do accept to my head of service.\n"
            "For purchases, I follow the prescribed procedure.",
        ),
    },
    Value.ETHICAL_LEADERSHIP: {
        "nl": (
            "Ethisch leiderschap",
            "Leidinggevenden houden integriteit levend: ze maken er tijd voor, spreken gedrag "
            "aan en geven zelf het voorbeeld.",
            "Ik maak tijd voor integriteit in briefings en vergaderingen.\n"
            "Ik spreek gedrag aan dat niet integer is, ook als het ongemakkelijk is.\n"
            "Ik breng de integriteitsrisico's van mijn dienst in kaart en volg ze op.\n"
            "Ik doe zelf wat ik van anderen vraag.",
        ),
        "fr": (
            "Leadership éthique",
            "Les dirigeants font vivre l'intégrité : ils y consacrent du temps, abordent les "
            "comportements et donnent eux-mêmes l'exemple.",
            "Je consacre du temps à l'intégrité dans les briefings et les réunions.\n"
            "J'aborde les comportements non intègres, même quand c'est inconfortable.\n"
            "J'identifie les risques d'intégrité de mon service et je les suis.\n"
            "Je fais moi-même ce que je demande aux autres.",
        ),
        "en": (
            "Ethical leadership",
            "Leaders keep integrity alive: they make time for it, address behaviour and set the "
            "example themselves.",
            "I make time for integrity in briefings and meetings.\n"
            "I address behaviour that lacks integrity, even when it is uncomfortable.\n"
            "I map the integrity risks of my service and follow them up.\n"
            "I do myself what I ask of others.",
        ),
    },
    Value.LOYALTY: {
        "nl": (
            "Loyaliteit en samenwerken",
            "We zijn loyaal aan de democratische instellingen, de wet en elkaar, met respect "
            "voor verschillen. Loyaliteit aan een leidinggevende is niet onvoorwaardelijk.",
            "Ik behandel collega's en burgers met respect, in al hun diversiteit.\n"
            "Een bevel dat ingaat tegen de mensenrechten, de wet of onze waarden voer ik niet uit; "
            "ik meld het aan de volgende leidinggevende.\n"
            "Ik spreek een collega zelf aan en luister als ik aangesproken word.\n"
            "Solidariteit is nooit een reden om te zwijgen.",
        ),
        "fr": (
            "Loyauté et collaboration",
            "Nous sommes loyaux envers les institutions démocratiques, la loi et les uns envers "
            "les autres, dans le respect des différences. La loyauté envers un supérieur n'est "
            "pas absolue.",
            "Je traite collègues et citoyens avec respect, dans toute leur diversité.\n"
            "Je n'exécute pas un ordre contraire aux droits humains, à la loi ou à nos valeurs ; "
            "je le signale au supérieur suivant.\n"
            "J'interpelle moi-même un collègue et j'écoute quand on m'interpelle.\n"
            "La solidarité n'est jamais une raison de se taire.",
        ),
        "en": (
            "Loyalty and cooperation",
            "We are loyal to the democratic institutions, the law and each other, with respect "
            "for differences. Loyalty to a leader is not unconditional.",
            "I treat colleagues and citizens with respect, in all their diversity.\n"
            "I do not carry out an order against human rights, the law or our values; I report it "
            "to the next leader up.\n"
            "I address a colleague myself and listen when I am addressed.\n"
            "Solidarity is never a reason to stay silent.",
        ),
    },
    Value.NETWORKING: {
        "nl": (
            "Netwerken",
            "Informatie stroomt naar wie ze nodig heeft, binnen de grenzen van privacy, "
            "beroepsgeheim en discretieplicht.",
            "Ik deel informatie met collega's van andere diensten als het werk dat vraagt.\n"
            "Ik respecteer privacy, beroepsgeheim en het geheim van het onderzoek.\n"
            "Ik spreek waar ik moet spreken, als getuige of bij een onregelmatigheid.\n"
            "Ik verwijs de pers naar de communicatieverantwoordelijke.\n"
            "Een privémening breng ik duidelijk als privé, ook op sociale media.",
        ),
        "fr": (
            "Travail en réseau",
            "L'information va vers qui en a besoin, dans les limites de la vie privée, du "
            "secret professionnel et du devoir de discrétion.",
            "Je partage l'information avec les collègues d'autres services quand le travail le "
            "demande.\n"
            "Je respecte la vie privée, le secret professionnel et le secret de l'enquête.\n"
            "Je parle quand je le dois, comme témoin ou face à une irrégularité.\n"
            "J'oriente la presse vers le responsable de la communication.\n"
            "Je présente clairement une opinion privée comme privée, aussi sur les réseaux "
            "sociaux.",
        ),
        "en": (
            "Networking",
            "Information flows to whoever needs it, within the limits of privacy, professional "
            "secrecy and the duty of discretion.",
            "I share information with colleagues of other services when the work asks for it.\n"
            "I respect privacy, professional secrecy and the secrecy of investigations.\n"
            "I speak where I must, as a witness or about an irregularity.\n"
            "I refer the press to the communication officer.\n"
            "I make a private opinion clearly private, also on social media.",
        ),
    },
    Value.RELIABILITY: {
        "nl": (
            "Betrouwbaarheid",
            "We handelen correct en consequent, politiek neutraal, en kunnen altijd uitleggen "
            "waarom we deden wat we deden.",
            "Ik handel vandaag zoals ik gisteren handelde in een gelijk geval.\n"
            "Ik blijf politiek neutraal in mijn werk.\n"
            "Ik kan verantwoorden wat ik doe en waarom.\n"
            "Ik doe wat ik beloof, of zeg tijdig dat het niet lukt.",
        ),
        "fr": (
            "Fiabilité",
            "Nous agissons de façon correcte et cohérente, avec neutralité politique, et pouvons "
            "toujours expliquer pourquoi nous avons agi ainsi.",
            "J'agis aujourd'hui comme hier dans un cas semblable.\n"
            "Je reste politiquement neutre dans mon travail.\n"
            "Je peux justifier ce que je fais et pourquoi.\n"
            "Je fais ce que je promets, ou je préviens à temps que ce n'est pas possible.",
        ),
        "en": (
            "Reliability",
            "We act correctly and consistently, politically neutral, and can always explain why "
            "we did what we did.",
            "I act today as I acted yesterday in a like case.\n"
            "I stay politically neutral in my work.\n"
            "I can account for what I do and why.\n"
            "I do what I promise, or say in time that I cannot.",
        ),
    },
    Value.TRANSPARENCY: {
        "nl": (
            "Transparante communicatie",
            "Wie iets moet weten om goed te werken, hoort het tijdig, correct en zonder omwegen, "
            "over niveaus en diensten heen.",
            "Ik geef essentiële informatie tijdig en correct door.\n"
            "Ik communiceer formeel en informeel, naar boven, naar beneden en opzij.\n"
            "Ik zeg het als ik iets niet weet of een fout maakte.\n"
            "Ik houd geen informatie achter om er zelf beter van te worden.",
        ),
        "fr": (
            "Communication transparente",
            "Qui doit savoir quelque chose pour bien travailler l'apprend à temps, correctement "
            "et sans détour, entre niveaux et services.",
            "Je transmets l'information essentielle à temps et correctement.\n"
            "Je communique de façon formelle et informelle, vers le haut, vers le bas et "
            "latéralement.\n"
            "Je dis quand je ne sais pas ou quand je me suis trompé.\n"
            "Je ne retiens pas d'information pour en tirer avantage.",
        ),
        "en": (
            "Transparent communication",
            "Whoever needs to know something to work well hears it in time, correctly and "
            "without detours, across levels and services.",
            "I pass on essential information in time and correctly.\n"
            "I communicate formally and informally, up, down and sideways.\n"
            "I say so when I do not know or made a mistake.\n"
            "I hold back no information to gain from it myself.",
        ),
    },
}
