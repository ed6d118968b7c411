"""The demo catalogue: Nordic suppliers, the ISO 9999 classes they deliver
in, a few hundred articles in product families with accessories, spare
parts, outgoing articles and their replacements (the manual's three examples
among them), and some articles outside the assortment.

Built from a fixed random seed, and stored as upserts keyed on the natural
keys, so that loading it again restores the same catalogue."""

import random
from collections import Counter
from dataclasses import dataclass, field

from catalog.choices import ArticleType, Unit
from catalog.models import Article, ArticleFit, IsoClass, Replacement, Supplier

SEED = 9999

# Supplier and the prefix of its own article numbers.
SUPPLIERS = {
    "Etac": "80",
    "Handicare": "HC",
    "Human Care": "HU",
    "Invacare": "15",
    "Minicrosser": "MC",
    "Permobil": "PM",
    "Sunrise Medical": "SM",
    "Vermeiren": "VE",
}

ISO_CLASSES = [
    ("04", "Hjälpmedel för personlig medicinsk behandling"),
    ("0433", "Hjälpmedel för att förebygga trycksår"),
    ("043303", "Sittdynor och underlägg för att förebygga trycksår"),
    ("043306", "Madrasser för att förebygga trycksår"),
    ("09", "Hjälpmedel för personlig vård och hälsovård"),
    ("0912", "Hjälpmedel vid toalettbesök"),
    ("091203", "Toalettstolar"),
    ("091212", "Toalettstolsförhöjningar"),
    ("091224", "Armstöd och ryggstöd monterade på toalett"),
    ("0933", "Hjälpmedel för personlig hygien"),
    ("093303", "Duschstolar och duschpallar"),
    ("12", "Hjälpmedel för personlig förflyttning och transport"),
    ("1206", "Gåhjälpmedel som hanteras med båda armarna"),
    ("120606", "Rollatorer"),
    ("1207", "Tillbehör till gåhjälpmedel"),
    ("120712", "Korgar, brickor och hållare för gåhjälpmedel"),
    ("1222", "Manuella rullstolar"),
    ("122203", "Manuella rullstolar med dubbla drivringar"),
    ("122218", "Manuella rullstolar som drivs av medhjälpare"),
    ("1223", "Elrullstolar"),
    ("122303", "Elrullstolar med manuell styrning"),
    ("122306", "Elrullstolar med elektronisk styrning"),
    ("1224", "Tillbehör till rullstolar"),
    ("122403", "Styrsystem för rullstolar"),
    ("122412", "Bromsar för rullstolar"),
    ("122415", "Däck och hjul för rullstolar"),
    ("122418", "Batterier och batteriladdare för rullstolar"),
    ("122424", "Sittdelar, stöd och bälten för rullstolar"),
    ("1236", "Lyftar"),
    ("123603", "Mobila lyftar med sele"),
    ("123604", "Mobila stålyftar"),
    ("123612", "Taklyftar och andra fasta lyftar"),
    ("123621", "Lyftselar och andra kroppsstöd"),
    ("18", "Inredning och anpassningar av bostäder och andra lokaler"),
    ("1812", "Sängar"),
    ("181210", "Sängar och sängbottnar med elektrisk reglering"),
    ("181227", "Sänggrindar och sängskydd"),
]


@dataclass(frozen=True)
class Family:
    """A product family: one main aid in several sizes, perhaps an older
    model of it going out, and the spare parts kept for it."""

    product_name: str
    supplier: str
    iso_code: str
    noun: str
    model: str
    sizes: tuple
    lead_time_days: int
    description: str
    individually_marked: bool = False
    outgoing_model: str = ""
    spare_parts: tuple = ()


# fmt: off
SEAT_WIDTHS = tuple(f"sitsbredd {w}" for w in (36, 38, 40, 42, 45, 48, 50))
CUSHION_SIZES = tuple(f"{w}x{d}" for w, d in ((40, 40), (42, 44), (44, 44), (46, 46), (48, 46), (50, 48)))
BED_SIZES = ("80x200", "90x200", "90x210", "105x200", "120x200")

FAMILIES = [
    # Rollators
    Family("Olympos", "Invacare", "120606", "Rollator", "Olympos", ("sitthöjd 55", "sitthöjd 60", "sitthöjd 65"), 5,
           "Fyrhjulig rollator med korg och sits, fällbar på bredden.",
           spare_parts=(("Bromsvajer", Unit.PIECE), ("Hjul 200 mm", Unit.PAIR), ("Handtag", Unit.PAIR))),
    Family("Gemino", "Sunrise Medical", "120606", "Rollator", "Gemino 30", ("S", "M", "L"), 5,
           "Lätt rollator för inne- och utebruk, ställbara handtag.",
           outgoing_model="Gemino 20",
           spare_parts=(("Bromsvajer", Unit.PIECE), ("Framhjul", Unit.PAIR))),
    Family("Jazz", "Invacare", "120606", "Rollator", "Dolomite Jazz", ("510", "600", "620"), 5,
           "Rollator med hög sits och stadiga bromsar för utomhusbruk.",
           spare_parts=(("Sits", Unit.PIECE), ("Bromsklack", Unit.PAIR))),
    Family("Quava", "Vermeiren", "120606", "Rollator", "Quava", ("standard", "låg"), 7,
           "Hopfällbar rollator i aluminium med väska.",
           spare_parts=(("Hjul 190 mm", Unit.PAIR),)),
    Family("Symphony", "Human Care", "120606", "Rollator", "Symphony", ("sitthöjd 52", "sitthöjd 58", "sitthöjd 64"), 5,
           "Rollator med mjuka hjul och ryggband, lämplig inomhus.",
           spare_parts=(("Ryggband", Unit.PIECE), ("Bromsvajer", Unit.PIECE))),
    # Manual wheelchairs
    Family("Cross", "Etac", "122203", "Rullstol manuell", "Cross 6", SEAT_WIDTHS, 10,
           "Manuell rullstol med dubbla drivringar, ställbar sitthöjd och ryggvinkel.",
           individually_marked=True, outgoing_model="Cross 5",
           spare_parts=(("Drivhjul 24\"", Unit.PIECE), ("Länkhjul 7\"", Unit.PAIR), ("Bromsback", Unit.PAIR), ("Ryggdyna", Unit.PIECE))),
    Family("Action", "Invacare", "122203", "Rullstol manuell", "Action 3NG", SEAT_WIDTHS[1:6], 10,
           "Hopfällbar rullstol med många inställningsmöjligheter.",
           individually_marked=True,
           spare_parts=(("Drivhjul 24\"", Unit.PIECE), ("Länkhjul 6\"", Unit.PAIR), ("Sitsdyna", Unit.PIECE))),
    Family("Breezy", "Sunrise Medical", "122203", "Rullstol manuell", "Breezy Premium", SEAT_WIDTHS[:5], 10,
           "Enkel och lätt rullstol för förflyttning kortare sträckor.",
           individually_marked=True,
           spare_parts=(("Drivhjul 24\"", Unit.PIECE), ("Armstödsplatta", Unit.PAIR))),
    Family("Eclips", "Vermeiren", "122203", "Rullstol manuell", "Eclips X4", SEAT_WIDTHS[2:], 15,
           "Lättviktsrullstol med snabbkopplade drivhjul.",
           individually_marked=True,
           spare_parts=(("Däck 24x1 3/8", Unit.PIECE), ("Slang 24\"", Unit.PIECE))),
    Family("Azalea", "Invacare", "122218", "Rullstol komfort", "Azalea", ("sitsbredd 39", "sitsbredd 44", "sitsbredd 49", "Minor sitsbredd 34", "Max sitsbredd 56"), 15,
           "Komfortrullstol med tilt och ryggvinkling, körs av medhjälpare.",
           individually_marked=True,
           spare_parts=(("Tippskydd", Unit.PAIR), ("Nackstöd", Unit.PIECE), ("Gasfjäder tilt", Unit.PIECE))),
    Family("Prio", "Etac", "122218", "Rullstol komfort", "Prio", ("sitsbredd 40", "sitsbredd 45", "sitsbredd 50"), 15,
           "Komfortrullstol med tilt, för den som sitter länge.",
           individually_marked=True,
           spare_parts=(("Tiltbroms", Unit.PIECE), ("Ryggdyna", Unit.PIECE))),
    # Powered wheelchairs and scooters
    Family("M3 Corpus", "Permobil", "122306", "Elrullstol", "M3 Corpus", ("sitsbredd 43", "sitsbredd 48", "sitsbredd 53"), 20,
           "Mittdriven elrullstol för inne- och utebruk med Corpus-sits.",
           individually_marked=True,
           spare_parts=(("Drivhjul", Unit.PIECE), ("Styrbox", Unit.PIECE), ("Länkhjul", Unit.PAIR))),
    Family("F5 Corpus", "Permobil", "122306", "Elrullstol", "F5 Corpus VS", ("sitsbredd 43", "sitsbredd 48"), 25,
           "Framhjulsdriven elrullstol med ståfunktion.",
           individually_marked=True,
           spare_parts=(("Drivhjul", Unit.PIECE), ("Motor vänster", Unit.PIECE))),
    Family("TDX", "Invacare", "122306", "Elrullstol", "TDX SP2", ("sitsbredd 45", "sitsbredd 50"), 20,
           "Mittdriven elrullstol med fjädrande chassi.",
           individually_marked=True, outgoing_model="TDX SP",
           spare_parts=(("Joystick", Unit.PIECE),)),
    Family("Minicrosser", "Minicrosser", "122303", "Elmoped", "Minicrosser M1", ("3-hjulig", "4-hjulig"), 25,
           "Eldriven rullstol med manuell styrning för utomhusbruk, terränggående.",
           individually_marked=True, outgoing_model="Minicrosser X",
           spare_parts=(("Däck 13\"", Unit.PIECE), ("Backspegel", Unit.PIECE), ("Gasreglage", Unit.PIECE))),
    # Beds
    Family("Medley Ergo", "Invacare", "181210", "Säng elektrisk", "Medley Ergo", BED_SIZES, 10,
           "Vårdsäng med elektriskt höj- och sänkbar liggyta, rygg- och bendel.",
           individually_marked=True, outgoing_model="Medley",
           spare_parts=(("Handkontroll", Unit.PIECE), ("Motor ryggdel", Unit.PIECE), ("Hjul med broms", Unit.SET))),
    Family("Luna", "Vermeiren", "181210", "Säng elektrisk", "Luna Basic", BED_SIZES[1:4], 15,
           "Vårdsäng med låg lägsta höjd för att minska fallrisk.",
           individually_marked=True,
           spare_parts=(("Handkontroll", Unit.PIECE),)),
    Family("Opus", "Handicare", "181210", "Säng elektrisk", "Opus", ("90x200", "90x210"), 15,
           "Vårdsäng med delad liggyta och elektrisk tipp.",
           individually_marked=True,
           spare_parts=(("Handkontroll", Unit.PIECE), ("Sängbotten", Unit.PIECE))),
    # Hoists
    Family("Molift Mover", "Handicare", "123603", "Lyft mobil", "Molift Mover 180", ("standard", "med elektrisk benspridning"), 10,
           "Mobil personlyft för förflyttning med sele, lyftkapacitet 180 kg.",
           individually_marked=True, outgoing_model="Molift Mover 205",
           spare_parts=(("Batteri", Unit.PIECE), ("Laddare", Unit.PIECE), ("Lyftbygel", Unit.PIECE))),
    Family("Molift Smart", "Handicare", "123603", "Lyft mobil", "Molift Smart 150", ("hopfällbar",), 10,
           "Hopfällbar lyft för resor och trånga utrymmen.",
           individually_marked=True,
           spare_parts=(("Batteri", Unit.PIECE),)),
    Family("Molift Raiser", "Handicare", "123604", "Stålyft", "Molift Quick Raiser 205", ("standard",), 10,
           "Stålyft för förflyttning mellan säng och stol.",
           individually_marked=True,
           spare_parts=(("Knästöd", Unit.PIECE), ("Batteri", Unit.PIECE))),
    Family("RoomerLift", "Handicare", "123612", "Taklyft", "RoomerLift", ("200 kg", "275 kg"), 20,
           "Fast monterad taklyft på skena, för rum till rum-förflyttning.",
           individually_marked=True,
           spare_parts=(("Handkontroll", Unit.PIECE), ("Lyftband", Unit.PIECE))),
    Family("Birdie", "Invacare", "123603", "Lyft mobil", "Birdie Evo", ("standard", "compact"), 10,
           "Mobil lyft med elektriskt spridbara ben.",
           individually_marked=True,
           spare_parts=(("Batteri", Unit.PIECE), ("Hjul med broms", Unit.PIECE))),
    # Shower chairs and toilet aids
    Family("Swift", "Etac", "093303", "Duschpall", "Swift", ("utan ryggstöd", "med ryggstöd"), 5,
           "Duschpall med ställbar höjd och halkskydd.",
           spare_parts=(("Gummifötter", Unit.SET),)),
    Family("Swift Mobil", "Etac", "093303", "Duschstol med hjul", "Swift Mobil-2", ("18\"", "24\""), 7,
           "Dusch- och toalettstol med hjul och uppfällbara armstöd.",
           spare_parts=(("Hjul med broms", Unit.SET), ("Sits mjuk", Unit.PIECE))),
    Family("Linido", "Handicare", "093303", "Duschstol", "Linido", ("standard", "med armstöd"), 7,
           "Duschstol med ryggstöd och armstöd.",
           spare_parts=(("Gummifötter", Unit.SET),)),
    Family("Aquatec Ocean", "Invacare", "091203", "Dusch- och toalettstol", "Aquatec Ocean", ("sitsbredd 46", "sitsbredd 55", "XL"), 10,
           "Hjulförsedd dusch- och toalettstol med hink och lock.",
           spare_parts=(("Hink med lock", Unit.PIECE), ("Hjul 5\"", Unit.SET))),
    Family("Clean", "Etac", "091203", "Dusch- och toalettstol", "Clean", ("sitthöjd 49", "sitthöjd 55"), 7,
           "Dusch- och toalettstol i plast, passar över toalett.",
           spare_parts=(("Hink med lock", Unit.PIECE),)),
    Family("Hi-Loo", "Etac", "091212", "Toalettförhöjning", "Hi-Loo", ("6 cm", "10 cm", "6 cm med armstöd", "10 cm med armstöd"), 3,
           "Toalettstolsförhöjning som fästs med fästkonsol.",
           spare_parts=(("Fästkonsol", Unit.PIECE),)),
    Family("Relief", "Etac", "091224", "Toalettarmstöd", "Relief", ("golvmonterat", "väggmonterat"), 5,
           "Uppfällbart armstöd vid toalett.",
           spare_parts=(("Handtagsgrepp", Unit.PAIR),)),
    # Cushions and mattresses
    Family("ROHO", "Permobil", "043303", "Dyna", "ROHO Quadtro Select", CUSHION_SIZES, 5,
           "Luftcellsdyna med fyra zoner för trycksårsprevention.",
           spare_parts=(("Pump", Unit.PIECE), ("Reparationssats", Unit.SET))),
    Family("Jay", "Sunrise Medical", "043303", "Dyna", "Jay Balance", CUSHION_SIZES, 7,
           "Formgjuten dyna med vätskeinsats och bäckenstöd.",
           outgoing_model="Jay Basic",
           spare_parts=(("Vätskeinsats", Unit.PIECE),)),
    Family("Flo-tech", "Invacare", "043303", "Dyna", "Flo-tech Contour Visco", CUSHION_SIZES[:4], 5,
           "Dyna i viskoelastiskt skum.",
           spare_parts=()),
    Family("Softform", "Invacare", "043306", "Madrass", "Softform Premier", BED_SIZES, 7,
           "Trycksårsförebyggande madrass i skum med zonindelning.",
           spare_parts=(("Överdrag", Unit.PIECE),)),
]
# fmt: on


@dataclass(frozen=True)
class Accessory:
    name: str
    supplier: str
    iso_code: str
    fits: tuple
    unit: str = Unit.PIECE
    lead_time_days: int = 5


# Main aids of these classes are tracked per unit (wheelchairs, beds, hoists).
I_MARKED_ISO_PREFIXES = ("1222", "1223", "181210", "123603", "123604", "123612")

ROLLATORS = ("Olympos", "Gemino", "Jazz", "Quava", "Symphony")
MANUAL_CHAIRS = ("Cross", "Action", "Breezy", "Eclips")
COMFORT_CHAIRS = ("Azalea", "Prio")
POWERED = ("M3 Corpus", "F5 Corpus", "TDX")
BEDS = ("Medley Ergo", "Luna", "Opus")
MOBILE_HOISTS = ("Molift Mover", "Molift Smart", "Birdie")

# fmt: off
ACCESSORIES = [
    Accessory("Korg till rollator", "Invacare", "120712", ("Olympos", "Jazz")),
    Accessory("Korg till rollator", "Sunrise Medical", "120712", ("Gemino",)),
    Accessory("Bricka till rollator", "Invacare", "120712", ("Olympos",)),
    Accessory("Bricka till rollator", "Human Care", "120712", ("Symphony",)),
    Accessory("Käpphållare till rollator", "Human Care", "120712", ROLLATORS),
    Accessory("Väska till rollator", "Vermeiren", "120712", ("Quava",)),
    Accessory("Ryggband till rollator", "Sunrise Medical", "120712", ("Gemino",)),
    Accessory("Syrgasflaskhållare till rollator", "Invacare", "120712", ("Olympos", "Jazz")),
    Accessory("Broms enhandsbroms till rollator", "Invacare", "120712", ("Olympos",)),
    Accessory("Tippskydd till rullstol", "Etac", "122424", ("Cross", "Prio"), Unit.PAIR),
    Accessory("Tippskydd till rullstol", "Invacare", "122424", ("Action", "Azalea"), Unit.PAIR),
    Accessory("Bäckenbälte till rullstol", "Etac", "122424", MANUAL_CHAIRS + COMFORT_CHAIRS),
    Accessory("Bäckenbälte med snabbspänne", "Permobil", "122424", POWERED),
    Accessory("Benstöd vinkelställbart till rullstol", "Etac", "122424", ("Cross",), Unit.PAIR),
    Accessory("Benstöd vinkelställbart till rullstol", "Invacare", "122424", ("Action", "Azalea"), Unit.PAIR),
    Accessory("Amputationsstöd till rullstol", "Etac", "122424", ("Cross",)),
    Accessory("Armstöd höjdställbart till rullstol", "Sunrise Medical", "122424", ("Breezy",), Unit.PAIR),
    Accessory("Bord till rullstol", "Etac", "122424", ("Cross", "Prio")),
    Accessory("Bord till rullstol", "Invacare", "122424", ("Action", "Azalea")),
    Accessory("Nackstöd till rullstol", "Etac", "122424", COMFORT_CHAIRS),
    Accessory("Bromsförlängning till rullstol", "Etac", "122412", ("Cross",), Unit.PAIR),
    Accessory("Bromsförlängning till rullstol", "Vermeiren", "122412", ("Eclips",), Unit.PAIR),
    Accessory("Trumbroms för medhjälpare", "Invacare", "122412", ("Azalea",), Unit.SET),
    Accessory("Punkteringsfria däck 24\"", "Etac", "122415", ("Cross", "Action", "Breezy"), Unit.PAIR),
    Accessory("Drivhjul snabbkoppling 24\"", "Vermeiren", "122415", ("Eclips",), Unit.PAIR),
    Accessory("Batteri 73 Ah", "Permobil", "122418", ("M3 Corpus", "F5 Corpus"), Unit.SET, 10),
    Accessory("Batteri 60 Ah", "Invacare", "122418", ("TDX",), Unit.SET, 10),
    Accessory("Batteriladdare 10 A", "Permobil", "122418", POWERED),
    Accessory("Batteri till elmoped", "Minicrosser", "122418", ("Minicrosser",), Unit.SET, 10),
    Accessory("Joystick kompakt", "Permobil", "122403", ("M3 Corpus", "F5 Corpus"), lead_time_days=15),
    Accessory("Medhjälparstyrning", "Permobil", "122403", ("M3 Corpus", "F5 Corpus", "TDX"), lead_time_days=15),
    Accessory("Korg till elmoped", "Minicrosser", "122424", ("Minicrosser",)),
    Accessory("Käpphållare till elmoped", "Minicrosser", "122424", ("Minicrosser",)),
    Accessory("Regnskydd till elmoped", "Minicrosser", "122424", ("Minicrosser",)),
    Accessory("Sänggrind hel", "Invacare", "181227", ("Medley Ergo",), Unit.PAIR),
    Accessory("Sänggrind delad", "Vermeiren", "181227", ("Luna",), Unit.PAIR),
    Accessory("Grindskydd", "Invacare", "181227", BEDS, Unit.PAIR),
    Accessory("Lyftbåge till säng", "Invacare", "181227", ("Medley Ergo", "Opus")),
    Accessory("Förlängningssats 10 cm till säng", "Invacare", "181227", ("Medley Ergo",), Unit.SET),
    Accessory("Lyftsele Molift EvoSling hög rygg S", "Handicare", "123621", ("Molift Mover", "Molift Smart", "RoomerLift")),
    Accessory("Lyftsele Molift EvoSling hög rygg M", "Handicare", "123621", ("Molift Mover", "Molift Smart", "RoomerLift")),
    Accessory("Lyftsele Molift EvoSling hög rygg L", "Handicare", "123621", ("Molift Mover", "Molift Smart", "RoomerLift")),
    Accessory("Lyftsele Molift EvoSling hög rygg XL", "Handicare", "123621", ("Molift Mover", "Molift Smart", "RoomerLift")),
    Accessory("Lyftsele Molift RgoSling toalett M", "Handicare", "123621", ("Molift Mover", "RoomerLift")),
    Accessory("Lyftsele Molift RgoSling toalett L", "Handicare", "123621", ("Molift Mover", "RoomerLift")),
    Accessory("Stålyftsele Molift Raiser M", "Handicare", "123621", ("Molift Raiser",)),
    Accessory("Stålyftsele Molift Raiser L", "Handicare", "123621", ("Molift Raiser",)),
    Accessory("Lyftsele Birdie universal M", "Invacare", "123621", ("Birdie",)),
    Accessory("Lyftsele Birdie universal L", "Invacare", "123621", ("Birdie",)),
    Accessory("Vågmodul till lyft", "Handicare", "123621", MOBILE_HOISTS, lead_time_days=15),
    Accessory("Ryggstöd till duschpall", "Etac", "093303", ("Swift",)),
    Accessory("Armstöd till duschpall", "Etac", "093303", ("Swift",), Unit.PAIR),
    Accessory("Fotstöd till duschstol", "Etac", "093303", ("Swift Mobil",), Unit.PAIR),
    Accessory("Ryggstöd till duschstol", "Handicare", "093303", ("Linido",)),
    Accessory("Komfortsits till duschstol", "Invacare", "091203", ("Aquatec Ocean",)),
    Accessory("Hink med lock till toalettstol", "Etac", "091203", ("Clean", "Swift Mobil")),
    Accessory("Armstöd till toalettförhöjning", "Etac", "091212", ("Hi-Loo",), Unit.PAIR),
    Accessory("Överdrag till dyna", "Permobil", "043303", ("ROHO",)),
    Accessory("Överdrag inkontinens till dyna", "Permobil", "043303", ("ROHO",)),
    Accessory("Överdrag till dyna", "Sunrise Medical", "043303", ("Jay",)),
    Accessory("Överdrag till dyna", "Invacare", "043303", ("Flo-tech",)),
    Accessory("Överdrag till madrass", "Invacare", "043306", ("Softform",)),
    Accessory("Sittdyna till rollator", "Human Care", "120712", ("Symphony",)),
    Accessory("Lampa LED till rollator", "Vermeiren", "120712", ("Quava", "Gemino")),
    Accessory("Ryggstöd ställbart till rullstol", "Etac", "122424", ("Cross",)),
    Accessory("Huvudstöd till elrullstol", "Permobil", "122424", ("M3 Corpus", "F5 Corpus")),
    Accessory("Sidostöd till elrullstol", "Permobil", "122424", ("M3 Corpus", "F5 Corpus"), Unit.PAIR),
    Accessory("Benstöd elektriskt till elrullstol", "Invacare", "122424", ("TDX",), Unit.PAIR, 15),
    Accessory("Belysning LED till elrullstol", "Permobil", "122424", POWERED, Unit.SET),
    Accessory("Lyftsele Birdie universal S", "Invacare", "123621", ("Birdie",)),
    Accessory("Lyftsele Molift EvoSling låg rygg M", "Handicare", "123621", ("Molift Mover", "Molift Smart", "RoomerLift")),
    Accessory("Lyftsele Molift EvoSling låg rygg L", "Handicare", "123621", ("Molift Mover", "Molift Smart", "RoomerLift")),
    Accessory("Sänggrind förhöjd", "Invacare", "181227", ("Medley Ergo",), Unit.PAIR),
    Accessory("Dropphållare till säng", "Invacare", "181227", ("Medley Ergo", "Opus")),
    Accessory("Hjul med broms till duschstol", "Invacare", "091203", ("Aquatec Ocean",), Unit.SET),
    Accessory("Fästkonsol extra till toalettförhöjning", "Etac", "091212", ("Hi-Loo",)),
]
# fmt: on

# Outside the assortment: name, supplier, ISO class, product name, and the
# family whose first article is the alternative in the assortment ("" none).
# fmt: off
OUTSIDE = [
    ("Rullstol manuell Küschall Compact sitsbredd 42", "Invacare", "122203", "Küschall", "Action"),
    ("Rullstol manuell Küschall K-Series sitsbredd 40", "Invacare", "122203", "Küschall", "Action"),
    ("Rullstol manuell Quickie Argon sitsbredd 38", "Sunrise Medical", "122203", "Quickie", "Breezy"),
    ("Rullstol manuell Quickie Nitrum sitsbredd 40", "Sunrise Medical", "122203", "Quickie", ""),
    ("Rullstol komfort Rea Clematis sitsbredd 44", "Invacare", "122218", "Rea Clematis", "Azalea"),
    ("Rullstol komfort Netti 4U CE sitsbredd 45", "Handicare", "122218", "Netti", "Prio"),
    ("Elrullstol Permobil M5 Corpus sitsbredd 48", "Permobil", "122306", "M5 Corpus", "M3 Corpus"),
    ("Elrullstol Quickie Q500 M sitsbredd 45", "Sunrise Medical", "122306", "Q500", ""),
    ("Elmoped Minicrosser M2 4-hjulig", "Minicrosser", "122303", "Minicrosser", ""),
    ("Rollator Eloflex kolfiber", "Human Care", "120606", "Eloflex", "Olympos"),
    ("Rollator Let's Fly sitthöjd 60", "Human Care", "120606", "Let's Fly", "Symphony"),
    ("Rollator inomhus Vermeiren Quadri", "Vermeiren", "120606", "Quadri", ""),
    ("Säng elektrisk Carroll Flex 90x200", "Handicare", "181210", "Carroll", "Medley Ergo"),
    ("Säng elektrisk Invacare Etude Plus 90x200", "Invacare", "181210", "Etude", "Medley Ergo"),
    ("Säng elektrisk extra låg Vermeiren Luna Care", "Vermeiren", "181210", "Luna", ""),
    ("Lyft mobil Molift Partner 255", "Handicare", "123603", "Molift Partner", "Molift Mover"),
    ("Taklyft Likorall 242", "Handicare", "123612", "Likorall", "RoomerLift"),
    ("Stålyft Sara Stedy", "Handicare", "123604", "Sara Stedy", "Molift Raiser"),
    ("Duschstol Aquatec Sorrento med hjul", "Invacare", "093303", "Aquatec Sorrento", "Swift Mobil"),
    ("Duschpall Etac Edge", "Etac", "093303", "Edge", "Swift"),
    ("Toalettförhöjning Etac Supporter", "Etac", "091212", "Supporter", "Hi-Loo"),
    ("Toalettstol Vermeiren 9062", "Vermeiren", "091203", "9062", ""),
    ("Dyna ROHO Hybrid Elite 44x44", "Permobil", "043303", "ROHO", "ROHO"),
    ("Dyna Jay J2 Deep Contour 46x46", "Sunrise Medical", "043303", "Jay", "Jay"),
    ("Dyna Varilite Evolution 42x42", "Vermeiren", "043303", "Varilite", ""),
    ("Madrass växeltryck Invacare Softform Active 90x200", "Invacare", "043306", "Softform", "Softform"),
    ("Madrass Vermeiren Viscoflex 90x200", "Vermeiren", "043306", "Viscoflex", ""),
    ("Bord till rullstol plexiglas Etac specialbeställning", "Etac", "122424", "", ""),
    ("Batteri 105 Ah Permobil", "Permobil", "122418", "", ""),
    ("Drivhjul lättvikt Spinergy 24\"", "Sunrise Medical", "122415", "", ""),
]
# fmt: on

# The manual's examples of outgoing products ("Utgående produkt som
# alternativ"): new article, its older equivalents in order of preference.
MANUAL_EXAMPLES = [
    (
        ("11418", "Rollator Olympos ELS sitthöjd 60", "Olympos", "Invacare", "120606"),
        [("11411", "Rollator Olympos Classic sitthöjd 60")],
    ),
    (
        ("34305", "Duschpall Swift Mobil ställbar höjd", "Swift", "Etac", "093303"),
        [("10968", "Duschpall Swift ställbar höjd")],
    ),
    (
        ("32733", "Dyna ROHO Quadtro Select High 46x46", "ROHO", "Permobil", "043303"),
        [
            ("16988", "Dyna ROHO Mid Profile 46x46"),
            ("18387", "Dyna ROHO Low Profile 46x46"),
        ],
    ),
]
MANUAL_ARTICLE_NOS = {
    number
    for (new, olds) in MANUAL_EXAMPLES
    for number in (new[0], *(old[0] for old in olds))
}


@dataclass
class Plan:
    """Articles to store, keyed by article number, with their links."""

    articles: dict = field(default_factory=dict)
    fits: list = field(default_factory=list)  # (article_no, product name)
    replacements: list = field(default_factory=list)  # (new, old, preference)


class _Numbers:
    """Ascending 5-digit article numbers with random gaps, as HMV's are."""

    def __init__(self, rng, start=20000):
        self.rng = rng
        self.next = start

    def take(self):
        self.next += self.rng.randint(1, 9)
        while str(self.next) in MANUAL_ARTICLE_NOS:
            self.next += 1
        return str(self.next)


def plan_catalog():
    """The demo catalogue as plain data, the same every time."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    numbers = _Numbers(rng)
    plan = Plan()

    def supplier_no(supplier, base=None):
        digits = base if base is not None else rng.randint(100000, 999999)
        return f"{SUPPLIERS[supplier]}{digits}"

    def add(article_no, **fields):
        plan.articles[article_no] = {
            "unit": Unit.PIECE,
            "product_name": "",
            "description": "",
            **fields,
        }
        return article_no

    first_of_family = {}
    for family in FAMILIES:
        base = rng.randint(1000, 9999)
        common = {
            "supplier": family.supplier,
            "iso_code": family.iso_code,
            "product_name": family.product_name,
            "article_type": ArticleType.MAIN,
            "individually_marked": family.individually_marked,
            "lead_time_days": family.lead_time_days,
            "description": family.description,
        }
        for index, size in enumerate(family.sizes):
            new = add(
                numbers.take(),
                name=f"{family.noun} {family.model} {size}",
                supplier_article_no=supplier_no(family.supplier, f"{base}{index:02d}"),
                **common,
            )
            first_of_family.setdefault(family.product_name, new)
            if family.outgoing_model:
                old = add(
                    numbers.take(),
                    name=f"{family.noun} {family.outgoing_model} {size}",
                    supplier_article_no=supplier_no(
                        family.supplier, f"{base - 1}{index:02d}"
                    ),
                    outgoing=True,
                    **common,
                )
                plan.replacements.append((new, old, 1))
        for part, unit in family.spare_parts:
            number = add(
                numbers.take(),
                name=f"{part} till {family.model}",
                supplier=family.supplier,
                supplier_article_no=supplier_no(family.supplier),
                iso_code=family.iso_code,
                article_type=ArticleType.SPARE_PART,
                unit=unit,
                description=f"Reservdel till {family.noun.lower()} {family.model}.",
                lead_time_days=rng.choice((5, 10, 15)),
            )
            plan.fits.append((number, family.product_name))

    shared_names = {
        name
        for name, count in Counter(a.name for a in ACCESSORIES).items()
        if count > 1
    }
    for accessory in ACCESSORIES:
        name = accessory.name
        if name in shared_names:
            name += " " + "/".join(accessory.fits)
        number = add(
            numbers.take(),
            name=name,
            supplier=accessory.supplier,
            supplier_article_no=supplier_no(accessory.supplier),
            iso_code=accessory.iso_code,
            article_type=ArticleType.ACCESSORY,
            unit=accessory.unit,
            lead_time_days=accessory.lead_time_days,
            description="Passar " + ", ".join(accessory.fits) + ".",
        )
        plan.fits.extend((number, fits) for fits in accessory.fits)

    for name, supplier, iso_code, product_name, alternative in OUTSIDE:
        number = add(
            numbers.take(),
            name=name,
            supplier=supplier,
            supplier_article_no=supplier_no(supplier),
            iso_code=iso_code,
            product_name=product_name,
            article_type=ArticleType.MAIN if product_name else ArticleType.ACCESSORY,
            individually_marked=bool(product_name)
            and iso_code.startswith(I_MARKED_ISO_PREFIXES),
            in_assortment=False,
            lead_time_days=rng.choice((20, 30, 40)),
            description="Ingår inte i sortimentet. Beställs via kundtjänst.",
        )
        if alternative:
            plan.replacements.append((first_of_family[alternative], number, 1))

    for (number, name, product_name, supplier, iso_code), olds in MANUAL_EXAMPLES:
        common = {
            "supplier": supplier,
            "iso_code": iso_code,
            "product_name": product_name,
            "article_type": ArticleType.MAIN,
            "lead_time_days": 10,
        }
        add(
            number,
            name=name,
            supplier_article_no=supplier_no(supplier),
            description="Ersätter " + " och ".join(n for n, _ in olds) + ".",
            **common,
        )
        for preference, (old_number, old_name) in enumerate(olds, start=1):
            add(
                old_number,
                name=old_name,
                supplier_article_no=supplier_no(supplier),
                outgoing=True,
                description=f"Utgående, ersätts av {number}.",
                **common,
            )
            plan.replacements.append((number, old_number, preference))
    return plan


def seed_catalog():
    """Store the demo catalogue; returns {article_no: Article}."""
    plan = plan_catalog()
    Supplier.objects.bulk_create(
        [Supplier(name=name) for name in SUPPLIERS], ignore_conflicts=True
    )
    suppliers = {s.name: s for s in Supplier.objects.filter(name__in=SUPPLIERS)}
    IsoClass.objects.bulk_create(
        [IsoClass(code=code, title=title) for code, title in ISO_CLASSES],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["title"],
    )
    iso_classes = {c.code: c for c in IsoClass.objects.all()}

    articles = [
        Article(
            article_no=number,
            name=data["name"],
            supplier=suppliers[data["supplier"]],
            supplier_article_no=data["supplier_article_no"],
            product_name=data["product_name"],
            article_type=data["article_type"],
            iso_class=iso_classes[data["iso_code"]],
            unit=data["unit"],
            in_assortment=data.get("in_assortment", True),
            individually_marked=data.get("individually_marked", False),
            outgoing=data.get("outgoing", False),
            lead_time_days=data["lead_time_days"],
            description=data["description"],
        )
        for number, data in plan.articles.items()
    ]
    Article.objects.bulk_create(
        articles,
        update_conflicts=True,
        unique_fields=["article_no"],
        update_fields=ARTICLE_FIELDS,
    )
    by_number = {a.article_no: a for a in articles}
    ArticleFit.objects.bulk_create(
        [
            ArticleFit(accessory=by_number[number], product_name=product_name)
            for number, product_name in plan.fits
        ],
        ignore_conflicts=True,
    )
    Replacement.objects.bulk_create(
        [
            Replacement(new=by_number[new], old=by_number[old], preference=preference)
            for new, old, preference in plan.replacements
        ],
        update_conflicts=True,
        unique_fields=["new", "old"],
        update_fields=["preference"],
    )
    return by_number


ARTICLE_FIELDS = [
    "name",
    "supplier",
    "supplier_article_no",
    "product_name",
    "article_type",
    "iso_class",
    "unit",
    "in_assortment",
    "individually_marked",
    "outgoing",
    "lead_time_days",
    "description",
]
