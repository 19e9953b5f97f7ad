"""The built-in texts of the privacy notices, written for Kompas in our own words (nl, fr, en).

A zone starts from these and edits them (`services.change_text`); each edit adds a row
(`models.NoticeText`) and the newest is in force. They name the Belgian laws a police zone works
under as Kompas understands them: the zone's data protection officer checks them before the zone
goes live (README, "Before going live").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompas.privacy.processings import PROCESSINGS

# The parts of each processing's notice that the zone words itself.
PARTS = ("purposes", "legal_basis", "recipients", "rights")
# Parts shared by every notice.
COMMON = ("common.rights", "common.complaint", "common.transfers")
KEYS: tuple[str, ...] = (
    *(f"{processing.key}.{part}" for processing in PROCESSINGS for part in PARTS),
    *COMMON,
)

TITLES = {
    "purposes": _("Why"),
    "legal_basis": _("On what basis"),
    "recipients": _("Who receives it"),
    "rights": _("Your rights here, and their limits"),
    "common.rights": _("Your rights"),
    "common.complaint": _("A complaint"),
    "common.transfers": _("Outside Europe, and automated decisions"),
}

_WHO_OUTSIDE = {
    "nl": "Buiten de zone, alleen als een wet het oplegt: de gerechtelijke overheden, de "
    "tuchtorganen of het Comité P.",
    "fr": "Hors de la zone, seulement si une loi l'impose : les autorités judiciaires, les "
    "organes disciplinaires ou le Comité P.",
    "en": "Outside the zone, only where a law requires it: the judicial authorities, the "
    "disciplinary bodies or Comité P.",
}

# key -> language -> text
BUILT_IN: dict[str, dict[str, str]] = {
    "reporting.purposes": {
        "nl": "Meldingen van mogelijke integriteitsschendingen, adviesvragen, felicitaties en "
        "meldingen van represailles van personeelsleden ontvangen; ze onpartijdig en binnen de "
        "wettelijke termijnen behandelen; het register bijhouden dat de wet oplegt; en de "
        "melders en de mensen die in een melding genoemd worden beschermen.",
        "fr": "Recevoir les signalements d'atteintes possibles à l'intégrité, les demandes "
        "d'avis, les félicitations et les signalements de représailles des membres du "
        "personnel ; les traiter de manière impartiale dans les délais légaux ; tenir le "
        "registre exigé par la loi ; et protéger les auteurs de signalement et les personnes "
        "citées dans un signalement.",
        "en": "To receive reports of possible integrity breaches, questions for advice, "
        "congratulations and reports of reprisals from members of staff; to handle them "
        "impartially within the legal deadlines; to keep the register the law requires; and to "
        "protect the reporters and the people named in a report.",
    },
    "reporting.legal_basis": {
        "nl": "Een wettelijke verplichting (art. 6.1.c AVG): de wet van 8 december 2022 over de "
        "meldingskanalen en de bescherming van melders van integriteitsschendingen in de "
        "federale overheidsinstanties en bij de geïntegreerde politie, die richtlijn (EU) "
        "2019/1937 omzet. Voor meldingen over welzijn op het werk: de wet van 4 augustus 1996 "
        "over het welzijn van de werknemers. Gegevens over gezondheid of strafbare feiten die "
        "een melding kan bevatten, worden alleen verwerkt voor zover de behandeling dat vraagt "
        "en die wetten het toelaten (art. 9.2.b en g en art. 10 AVG). Adviesvragen en "
        "felicitaties: de taak van algemeen belang van de zone (art. 6.1.e AVG).",
        "fr": "Une obligation légale (art. 6.1.c RGPD) : la loi du 8 décembre 2022 relative aux "
        "canaux de signalement et à la protection des auteurs de signalement d'atteintes à "
        "l'intégrité au sein des organismes publics fédéraux et de la police intégrée, qui "
        "transpose la directive (UE) 2019/1937. Pour les signalements relatifs au bien-être au "
        "travail : la loi du 4 août 1996 relative au bien-être des travailleurs. Les données de "
        "santé ou relatives à des infractions qu'un signalement peut contenir ne sont traitées "
        "que dans la mesure où le traitement l'exige et où ces lois le permettent (art. 9.2.b "
        "et g et art. 10 RGPD). Demandes d'avis et félicitations : la mission d'intérêt public "
        "de la zone (art. 6.1.e RGPD).",
        "en": "A legal obligation (art. 6(1)(c) GDPR): the law of 8 December 2022 on reporting "
        "channels and the protection of reporters of integrity breaches in federal public "
        "bodies and the integrated police, which transposes directive (EU) 2019/1937. For "
        "reports about well-being at work: the law of 4 August 1996 on the well-being of "
        "workers. Data on health or offences that a report may hold are processed only as far "
        "as handling it requires and those laws allow (art. 9(2)(b) and (g) and art. 10 GDPR). "
        "Questions for advice and congratulations: the zone's public task (art. 6(1)(e) GDPR).",
    },
    "reporting.recipients": {
        "nl": "Alleen de behandelaars naar wie de melding gaat, lezen ze: intern toezicht voor "
        "schendingen, adviesvragen en klachten; de vertrouwenspersonen en de preventieadviseur "
        "voor welzijn op het werk; de korpschef voor felicitaties. Wie in een melding genoemd "
        "wordt, en op vraag van de melder diens hiërarchische lijn, krijgt ze nooit. Een "
        "behandelaar kan een dossier delen met de tuchtoverheid of de "
        "integriteitsverantwoordelijke als de behandeling dat vraagt. " + _WHO_OUTSIDE["nl"],
        "fr": "Seuls les gestionnaires vers qui le signalement est orienté le lisent : le "
        "contrôle interne pour les atteintes, les demandes d'avis et les plaintes ; les "
        "personnes de confiance et le conseiller en prévention pour le bien-être au travail ; "
        "le chef de corps pour les félicitations. Les personnes citées dans un signalement et, "
        "si l'auteur le demande, sa ligne hiérarchique ne le reçoivent jamais. Un gestionnaire "
        "peut partager un dossier avec l'autorité disciplinaire ou le responsable intégrité "
        "quand le traitement l'exige. " + _WHO_OUTSIDE["fr"],
        "en": "Only the handlers a report is routed to read it: internal oversight for "
        "breaches, advice and complaints; the confidential counsellors and the prevention "
        "adviser for well-being at work; the chief of police for congratulations. People named "
        "in a report, and the reporter's chain of command if the reporter asks, never receive "
        "it. A handler may share a case with the disciplinary authority or the integrity "
        "officer when handling it requires that. " + _WHO_OUTSIDE["en"],
    },
    "reporting.rights": {
        "nl": "U behoudt uw rechten (zie verder), binnen de grenzen die de klokkenluiderswet "
        "stelt, zoals art. 23 AVG toelaat: wie in een melding genoemd wordt, hoort niet wie "
        "meldde, en kan later dan gewoonlijk over de melding ingelicht worden zolang dat het "
        "onderzoek of de bescherming van de melder zou schaden (art. 14.5.b AVG). Inzage in een "
        "dossier geldt niet voor de gegevens van anderen erin. Die grenzen gelden niet langer "
        "dan nodig; de functionaris voor gegevensbescherming kan in uw plaats nagaan of ze juist "
        "toegepast worden. Een melder leest en beantwoordt zijn eigen dossier op de "
        "opvolgpagina, met zijn ontvangstcode.",
        "fr": "Vous gardez vos droits (voir plus loin), dans les limites que fixe la loi sur "
        "les lanceurs d'alerte, comme l'art. 23 RGPD le permet : une personne citée dans un "
        "signalement n'apprend pas qui l'a fait, et peut être informée du signalement plus tard "
        "que d'habitude tant que cela nuirait à l'enquête ou à la protection de l'auteur "
        "(art. 14.5.b RGPD). L'accès à un dossier ne s'étend pas aux données d'autres personnes "
        "qu'il contient. Ces limites ne durent que le temps nécessaire ; le délégué à la "
        "protection des données peut vérifier pour vous qu'elles sont bien appliquées. "
        "L'auteur d'un signalement lit son dossier et y répond sur la page de suivi, avec son "
        "reçu.",
        "en": "You keep your rights (see further on), within the limits the whistleblowing law "
        "sets, as art. 23 GDPR allows: a person named in a report is not told who reported, "
        "and may be told about the report later than usual while telling them would harm the "
        "investigation or the reporter's protection (art. 14(5)(b) GDPR). Access to a case does "
        "not extend to other people's data in it. These limits last no longer than needed; the "
        "data protection officer can check on your behalf that they are applied rightly. A "
        "reporter reads and answers their own case on the follow-up page, with their receipt.",
    },
    "public.purposes": {
        "nl": "Meldingen en klachten van burgers en partners over de medewerkers of diensten "
        "van de zone ontvangen, anoniem als ze dat willen; ze onpartijdig en binnen de "
        "wettelijke termijnen behandelen; het register bijhouden dat de wet oplegt; en de "
        "melder antwoorden via de opvolgpagina.",
        "fr": "Recevoir les signalements et les plaintes des citoyens et des partenaires "
        "concernant les membres ou les services de la zone, de manière anonyme s'ils le "
        "souhaitent ; les traiter de manière impartiale dans les délais légaux ; tenir le "
        "registre exigé par la loi ; et répondre à l'auteur via la page de suivi.",
        "en": "To receive reports and complaints from citizens and partners about the zone's "
        "members or services, anonymously if they wish; to handle them impartially within the "
        "legal deadlines; to keep the register the law requires; and to answer the reporter "
        "through the follow-up page.",
    },
    "public.legal_basis": {
        "nl": "De taak van algemeen belang van de zone om klachten over de politie te "
        "behandelen (art. 6.1.e AVG), en de wettelijke verplichting van de wet van 8 december "
        "2022 over de meldingskanalen bij de geïntegreerde politie (art. 6.1.c AVG). "
        "Contactgegevens worden alleen bewaard als u ze achterlaat. Gegevens over gezondheid of "
        "strafbare feiten die een melding kan bevatten, worden alleen verwerkt voor zover de "
        "behandeling dat vraagt (art. 9.2.g en art. 10 AVG).",
        "fr": "La mission d'intérêt public de la zone de traiter les plaintes concernant la "
        "police (art. 6.1.e RGPD), et l'obligation légale de la loi du 8 décembre 2022 relative "
        "aux canaux de signalement au sein de la police intégrée (art. 6.1.c RGPD). Vos "
        "coordonnées ne sont conservées que si vous les laissez. Les données de santé ou "
        "relatives à des infractions qu'un signalement peut contenir ne sont traitées que dans "
        "la mesure où son traitement l'exige (art. 9.2.g et art. 10 RGPD).",
        "en": "The zone's public task of handling complaints about the police (art. 6(1)(e) "
        "GDPR), and the legal obligation of the law of 8 December 2022 on reporting channels in "
        "the integrated police (art. 6(1)(c) GDPR). Contact details are kept only if you leave "
        "them. Data on health or offences that a report may hold are processed only as far as "
        "handling it requires (art. 9(2)(g) and art. 10 GDPR).",
    },
    "public.recipients": {
        "nl": "Alleen de behandelaars naar wie uw melding gaat, lezen ze (de dienst intern "
        "toezicht; de korpschef voor felicitaties). De medewerkers over wie u klaagt lezen ze "
        "nooit, en zij horen niet wie u bent. Laat u contactgegevens achter, dan zien de "
        "behandelaars die pas nadat een tweede persoon een gemotiveerde vraag goedkeurt. "
        + _WHO_OUTSIDE["nl"],
        "fr": "Seuls les gestionnaires vers qui votre signalement est orienté le lisent (le "
        "service de contrôle interne ; le chef de corps pour les félicitations). Les agents dont "
        "vous vous plaignez ne le lisent jamais et n'apprennent pas qui vous êtes. Si vous "
        "laissez vos coordonnées, les gestionnaires ne les voient qu'après qu'une deuxième "
        "personne a approuvé une demande motivée. " + _WHO_OUTSIDE["fr"],
        "en": "Only the handlers your report is routed to read it (the internal oversight "
        "service; the chief of police for congratulations). The officers you complain about "
        "never read it and are not told who you are. If you leave contact details, the "
        "handlers see them only after a second person approves a reasoned request. "
        + _WHO_OUTSIDE["en"],
    },
    "public.rights": {
        "nl": "Meldt u zonder uw naam, dan bewaart Kompas niets wat u identificeert, en kan het "
        "uw melding dus ook niet met uw naam terugvinden: gebruik uw ontvangstcode op de "
        "opvolgpagina om ze te lezen, te beantwoorden of aan te vullen. Liet u contactgegevens "
        "achter, dan kunt u vragen ze in te zien of te verbeteren. Wie in een melding genoemd "
        "wordt, hoort niet wie meldde, en kan later dan gewoonlijk ingelicht worden zolang dat "
        "het onderzoek zou schaden (art. 23 en 14.5.b AVG).",
        "fr": "Si vous signalez sans laisser votre nom, Kompas ne garde rien qui vous "
        "identifie et ne peut donc pas retrouver votre signalement par votre nom : utilisez "
        "votre reçu sur la page de suivi pour le lire, y répondre ou le compléter. Si vous avez "
        "laissé vos coordonnées, vous pouvez demander à les consulter ou à les corriger. Une "
        "personne citée dans un signalement n'apprend pas qui l'a fait, et peut être informée "
        "plus tard que d'habitude tant que cela nuirait à l'enquête (art. 23 et 14.5.b RGPD).",
        "en": "If you report without your name, Kompas keeps nothing that identifies you, so it "
        "cannot find your report by your name either: use your receipt on the follow-up page "
        "to read, answer or add to it. If you left contact details, you may ask to see or "
        "correct them. A person named in a report is not told who reported, and may be told "
        "later than usual while telling them would harm the investigation (art. 23 and "
        "14(5)(b) GDPR).",
    },
    "registers.purposes": {
        "nl": "Medewerkers laten aangeven welke geschenken en uitnodigingen ze krijgen, "
        "belangenvermenging laten melden en toelating laten vragen voor nevenactiviteiten; de "
        "bevoegde leidinggevenden en overheden laten beslissen; en de "
        "integriteitsverantwoordelijke patronen laten zien en het integriteitsbeleid laten "
        "opvolgen.",
        "fr": "Permettre aux membres de déclarer les cadeaux et invitations, de signaler les "
        "conflits d'intérêts et de demander l'autorisation d'exercer une activité accessoire ; "
        "permettre aux dirigeants et autorités compétents de décider ; et permettre au "
        "responsable intégrité de repérer des tendances et de suivre la politique d'intégrité.",
        "en": "To let members declare gifts and invitations, signal conflicts of interest and "
        "ask permission for side activities; to let the competent leaders and authorities "
        "decide; and to let the integrity officer see patterns and follow up the integrity "
        "policy.",
    },
    "registers.legal_basis": {
        "nl": "De taak van algemeen belang van de zone en haar plichten als werkgever (art. "
        "6.1.e en c AVG): de deontologische code van de politiediensten (koninklijk besluit "
        "van 10 mei 2006) en de regels over nevenactiviteiten in de rechtspositie van het "
        "personeel van de politiediensten (koninklijk besluit van 30 maart 2001).",
        "fr": "La mission d'intérêt public de la zone et ses obligations d'employeur (art. "
        "6.1.e et c RGPD) : le code de déontologie des services de police (arrêté royal du 10 "
        "mai 2006) et les règles relatives aux activités accessoires dans la position juridique "
        "du personnel des services de police (arrêté royal du 30 mars 2001).",
        "en": "The zone's public task and its duties as an employer (art. 6(1)(e) and (c) "
        "GDPR): the deontological code of the police services (royal decree of 10 May 2006) and "
        "the rules on side activities in the legal position of police staff (royal decree of "
        "30 March 2001).",
    },
    "registers.recipients": {
        "nl": "Het diensthoofd van de medewerker of de overheid die beslist (voor "
        "nevenactiviteiten de overheid die de regels van de zone voor het kader van de "
        "medewerker aanwijzen), en de integriteitsverantwoordelijke. Het M-team ziet aantallen "
        "per jaar, nooit een aangifte.",
        "fr": "Le chef de service du membre ou l'autorité qui décide (pour les activités "
        "accessoires, l'autorité que les règles de la zone désignent pour le cadre du membre), "
        "et le responsable intégrité. L'équipe de direction voit des nombres par année, jamais "
        "une déclaration.",
        "en": "The member's head of service or the authority that decides (for side "
        "activities, the authority the zone's rules name for the member's cadre), and the "
        "integrity officer. The M-team sees counts per year, never a declaration.",
    },
    "registers.rights": {
        "nl": "U ziet uw eigen aangiftes en de beslissingen erover in Kompas. U kunt vragen in "
        "te zien, te verbeteren of aan te vullen wat over u geregistreerd is; een beslissing "
        "die al genomen is, blijft in de geschiedenis staan, met uw verbetering ernaast.",
        "fr": "Vous voyez vos propres déclarations et les décisions prises dans Kompas. Vous "
        "pouvez demander à consulter, corriger ou compléter ce qui est enregistré à votre "
        "sujet ; une décision déjà prise reste dans l'historique, avec votre correction à côté.",
        "en": "You see your own declarations and the decisions on them in Kompas. You may ask "
        "to see, correct or complete what is recorded about you; a decision already taken stays "
        "in the history, with your correction beside it.",
    },
    "trainings.purposes": {
        "nl": "Dilemmatrainingen voorbereiden en houden, tellen hoeveel sessies elke dienst "
        "hield, dilemma's verzamelen en nalezen, en medewerkers een eigen plek geven voor hun "
        "redenering in de beslissingshulp en de gespreksgidsen.",
        "fr": "Préparer et animer des formations aux dilemmes, compter combien de sessions "
        "chaque service a tenues, recueillir et relire des dilemmes, et offrir aux membres un "
        "espace privé pour leur propre réflexion dans l'aide à la décision et les guides de "
        "conversation.",
        "en": "To prepare and hold dilemma trainings, to count how many sessions each service "
        "held, to collect and review dilemmas, and to give members a private place for their "
        "own reasoning in the decision aid and the conversation guides.",
    },
    "trainings.legal_basis": {
        "nl": "De taak van algemeen belang van de zone om haar integriteitsbeleid levend te "
        "houden (art. 6.1.e AVG). Stemmen worden per optie geteld en nooit aan een persoon "
        "gekoppeld; de notities van een medewerker zijn van hem alleen.",
        "fr": "La mission d'intérêt public de la zone de faire vivre sa politique d'intégrité "
        "(art. 6.1.e RGPD). Les votes sont comptés par option et jamais liés à une personne ; "
        "les notes d'un membre n'appartiennent qu'à lui.",
        "en": "The zone's public task of keeping its integrity policy alive (art. 6(1)(e) "
        "GDPR). Votes are counted per option and never linked to a person; a member's notes "
        "are theirs alone.",
    },
    "trainings.recipients": {
        "nl": "De begeleider van een sessie; de integriteitsverantwoordelijke en het M-team "
        "zien het aantal sessies per dienst. De notities van een medewerker zijn verzegeld en "
        "door niemand anders te lezen, tenzij de medewerker ze deelt.",
        "fr": "L'animateur d'une session ; le responsable intégrité et l'équipe de direction "
        "voient le nombre de sessions par service. Les notes d'un membre sont scellées et "
        "personne d'autre ne les lit, sauf si le membre les partage.",
        "en": "The facilitator of a session; the integrity officer and the M-team see the "
        "number of sessions per service. A member's notes are sealed and nobody else reads "
        "them, unless the member shares them.",
    },
    "trainings.rights": {
        "nl": "U kunt uw eigen notities altijd wissen. Omdat stemmen aan niemand gekoppeld "
        "zijn, is er over uw stem niets in te zien of te verbeteren.",
        "fr": "Vous pouvez effacer vos propres notes à tout moment. Les votes n'étant liés à "
        "personne, il n'y a rien à consulter ni à corriger sur votre vote.",
        "en": "You can delete your own notes at any time. Because votes are linked to nobody, "
        "there is nothing to see or correct about how you voted.",
    },
    "risks.purposes": {
        "nl": "De integriteitsrisico's van elke dienst analyseren, ze in het M-team wegen, de "
        "maatregelen plannen en opvolgen, en het integriteitsactieplan van de zone opvolgen.",
        "fr": "Analyser les risques d'intégrité de chaque service, les pondérer en équipe de "
        "direction, planifier et suivre les mesures, et suivre le plan d'action intégrité de la "
        "zone.",
        "en": "To analyse the integrity risks of each service, to weigh them in the M-team, to "
        "plan and follow up the measures, and to follow up the zone's integrity action plan.",
    },
    "risks.legal_basis": {
        "nl": "De taak van algemeen belang van de zone (art. 6.1.e AVG): het integriteitsbeleid "
        "dat de zone aannam. De analyses gaan over werkprocessen, niet over personen; namen "
        "staan er alleen bij wie een analyse leidt, een maatregel draagt of een notitie schreef.",
        "fr": "La mission d'intérêt public de la zone (art. 6.1.e RGPD) : la politique "
        "d'intégrité adoptée par la zone. Les analyses portent sur des processus de travail, "
        "pas sur des personnes ; des noms n'y figurent que pour qui mène une analyse, porte une "
        "mesure ou a écrit une note.",
        "en": "The zone's public task (art. 6(1)(e) GDPR): the integrity policy the zone "
        "adopted. The analyses are about work processes, not about people; names appear only "
        "for who leads an analysis, owns a measure or wrote a note.",
    },
    "risks.recipients": {
        "nl": "De diensthoofden en coördinatoren, het M-team, de korpschef en de "
        "integriteitsverantwoordelijke. Scores worden per optie geteld, nooit per persoon.",
        "fr": "Les chefs de service et coordinateurs, l'équipe de direction, le chef de corps "
        "et le responsable intégrité. Les scores sont comptés par option, jamais par personne.",
        "en": "Heads of service and coordinators, the M-team, the chief of police and the "
        "integrity officer. Scores are counted per option, never per person.",
    },
    "risks.rights": {
        "nl": "U kunt vragen in te zien of te verbeteren waar uw naam staat (als leider van een "
        "analyse, drager van een maatregel of schrijver van een notitie).",
        "fr": "Vous pouvez demander à consulter ou corriger les endroits où votre nom figure "
        "(comme responsable d'une analyse, porteur d'une mesure ou auteur d'une note).",
        "en": "You may ask to see or correct where your name appears (as the leader of an "
        "analysis, the owner of a measure or the author of a note).",
    },
    "accounts.purposes": {
        "nl": "Medewerkers een account geven; hun dienst en leidinggevende kennen, zodat "
        "meldingen en aangiftes bij de juiste mensen komen; rollen beheren; het aanmelden "
        "beveiligen; en een auditlog bijhouden van wie wat deed, zodat elke toegang achteraf "
        "na te gaan is.",
        "fr": "Donner un compte aux membres du personnel ; connaître leur service et leur "
        "supérieur, pour que signalements et déclarations arrivent aux bonnes personnes ; gérer "
        "les rôles ; sécuriser la connexion ; et tenir un journal d'audit de qui a fait quoi, "
        "pour que chaque accès puisse être vérifié après coup.",
        "en": "To give members of staff an account; to know their service and leader, so that "
        "reports and declarations reach the right people; to manage roles; to secure signing "
        "in; and to keep an audit log of who did what, so that every access can be checked "
        "afterwards.",
    },
    "accounts.legal_basis": {
        "nl": "De plichten van de zone als werkgever en haar taak van algemeen belang (art. "
        "6.1.c en e AVG), en de plicht om de verwerking te beveiligen en dat te kunnen aantonen "
        "(art. 5.2 en 32 AVG).",
        "fr": "Les obligations de la zone en tant qu'employeur et sa mission d'intérêt public "
        "(art. 6.1.c et e RGPD), et l'obligation de sécuriser le traitement et de pouvoir le "
        "démontrer (art. 5.2 et 32 RGPD).",
        "en": "The zone's duties as an employer and its public task (art. 6(1)(c) and (e) "
        "GDPR), and the duty to secure the processing and to be able to show it (art. 5(2) "
        "and 32 GDPR).",
    },
    "accounts.recipients": {
        "nl": "HR en de functioneel beheerder beheren de gegevens; collega's zien uw naam en "
        "dienst als ze u noemen; de functioneel beheerder, de integriteitsverantwoordelijke en "
        "de functionaris voor gegevensbescherming lezen de auditlog. Mails gaan via de "
        "mailserver van de zone.",
        "fr": "Les RH et l'administrateur fonctionnel gèrent les données ; les collègues voient "
        "votre nom et votre service quand ils vous citent ; l'administrateur fonctionnel, le "
        "responsable intégrité et le délégué à la protection des données lisent le journal "
        "d'audit. Les courriels passent par le serveur de messagerie de la zone.",
        "en": "HR and the functional administrator manage the records; colleagues see your "
        "name and service when they name you; the functional administrator, the integrity "
        "officer and the data protection officer read the audit log. Mails go through the "
        "zone's mail server.",
    },
    "accounts.rights": {
        "nl": "U ziet uw eigen gegevens op uw profielpagina en kunt HR vragen ze te verbeteren. "
        "De auditlog kan niet gewijzigd of gewist worden, ook niet om hem te verbeteren: dat "
        "maakt hem tot bewijs; een verbetering wordt als een nieuwe gebeurtenis vastgelegd.",
        "fr": "Vous voyez vos propres données sur votre page de profil et pouvez demander aux "
        "RH de les corriger. Le journal d'audit ne peut être ni modifié ni effacé, même pour le "
        "corriger : c'est ce qui en fait une preuve ; une correction est enregistrée comme un "
        "nouvel événement.",
        "en": "You see your own details on your profile page and can ask HR to correct them. "
        "The audit log cannot be changed or erased, not even to correct it: that is what makes "
        "it evidence; a correction is recorded as a new event.",
    },
    "common.rights": {
        "nl": "U kunt vragen de gegevens over u in te zien, ze te laten verbeteren of "
        "aanvullen, ze te laten wissen of het gebruik ervan te laten beperken waar de wet dat "
        "toelaat, en u verzetten tegen het gebruik ervan voor de taak van algemeen belang van "
        "de zone. Richt u tot de functionaris voor gegevensbescherming (zie hierboven). De zone "
        "antwoordt binnen een maand; voor een ingewikkelde vraag kan dat met twee maanden "
        "verlengd worden, en dan hoort u waarom.",
        "fr": "Vous pouvez demander à consulter les données qui vous concernent, à les faire "
        "corriger ou compléter, à les faire effacer ou à en faire limiter l'usage lorsque la loi "
        "le permet, et vous opposer à leur usage pour la mission d'intérêt public de la zone. "
        "Adressez-vous au délégué à la protection des données (voir plus haut). La zone répond "
        "dans un délai d'un mois ; pour une demande complexe, ce délai peut être prolongé de "
        "deux mois, et vous en apprenez alors la raison.",
        "en": "You may ask to see the data about you, to have it corrected or completed, to "
        "have it erased or its use restricted where the law allows, and object to its use for "
        "the zone's public task. Ask the data protection officer (see above). The zone answers "
        "within one month; for a complex request this can be extended by two months, and you "
        "are then told why.",
    },
    "common.complaint": {
        "nl": "Denkt u dat uw gegevens niet behandeld worden zoals het hoort, dan kunt u een "
        "klacht indienen bij de toezichthoudende autoriteit voor de politiediensten, het "
        "Controleorgaan op de politionele informatie (COC), www.controleorgaan.be. U kunt zich "
        "altijd eerst tot de functionaris voor gegevensbescherming richten.",
        "fr": "Si vous estimez que vos données ne sont pas traitées comme il se doit, vous "
        "pouvez introduire une plainte auprès de l'autorité de contrôle des services de police, "
        "l'Organe de contrôle de l'information policière (COC), www.organedecontrole.be. Vous "
        "pouvez toujours vous adresser d'abord au délégué à la protection des données.",
        "en": "If you think your data is not handled as it should be, you may complain to the "
        "supervisory authority for the police services, the Supervisory Body for Police "
        "Information (COC), www.controleorgaan.be. You can always turn to the data protection "
        "officer first.",
    },
    "common.transfers": {
        "nl": "Kompas stuurt geen gegevens buiten de Europese Economische Ruimte en neemt over "
        "niemand geautomatiseerde beslissingen: een advies van Kompas beslist niets, een mens "
        "beslist. Kompas draait op de servers die de zone kiest; wie de zone daarvoor inschakelt, "
        "werkt alleen op haar instructies, onder een schriftelijke overeenkomst (art. 28 AVG).",
        "fr": "Kompas n'envoie aucune donnée hors de l'Espace économique européen et ne prend "
        "aucune décision automatisée à l'égard de quiconque : un avis de Kompas ne décide rien, "
        "une personne décide. Kompas fonctionne sur les serveurs choisis par la zone ; les "
        "prestataires auxquels elle fait appel n'agissent que sur ses instructions, dans le "
        "cadre d'un contrat écrit (art. 28 RGPD).",
        "en": "Kompas sends no data outside the European Economic Area and makes no automated "
        "decisions about anyone: an advice of Kompas decides nothing, a person decides. Kompas "
        "runs on the servers the zone chooses; whoever the zone engages for that acts only on "
        "its instructions, under a written agreement (art. 28 GDPR).",
    },
}
