#!/usr/bin/env python3
"""bench/detect/generate.py: labelled customs declarations for the detection benchmark.

    python3 bench/detect/generate.py [--rows N] [--seed S] [--share F] > decl.csv

Writes CSV (header first) with the columns of the screen_fit contract, decl_date, hs, origin,
route, value_usd, quantity, unit, exporter, preceded by decl_id and followed by the ground
truth: label (a typology name or 'clean'), hard_negative (the kind of hard negative a clean row
is, or empty) and variant (how a planted case was built, for reading misses).

The same arguments give the same bytes on any machine: every draw comes from a
random.Random seeded with a string (seed and purpose), and only random() is used, whose
sequence Python guarantees for a given seed.

Clean trade is drawn from the reference data in data/: HS2022 subheadings with the HS2017
standard unit of each, the CHPL and its tiers, ISO countries, centroids and land borders, and
Eurostat's EU exports (annual totals per partner as the size of every destination market and
the 2019-2023 change of EU exports to Russia and Belarus; monthly exports of 114 sanctioned
headings to RU, BY, KZ, KG, AM, GE, UZ in 2020-2021 for what EU firms sold there, and which
member states sold it).  The six typologies and the hard negatives are planted as the issue
defines them, from those definitions only (see bench/detect/README.md).
"""
import argparse
import csv
import datetime
import math
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data")

FIRST = datetime.date(2019, 1, 1).toordinal()
LAST = datetime.date(2023, 12, 31).toordinal()
CUTOFF = datetime.date(2022, 2, 24).toordinal()

EU27 = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
COALITION = set(EU27) | set("US GB JP KR CA AU NZ NO CH".split())
SANCTIONED = {"RU", "BY"}
# transshipment countries of the FinCEN/BIS joint alert of June 2022 (HK, MO added in 2023)
FINCEN_HUBS = set("AM BR CN GE IN IL KZ KG MX NI RS SG ZA TW TJ TR AE UZ HK MO".split())
# the hubs of the "Eurasian roundabout" through which coalition goods reached Russia
ROUNDABOUT = [("KZ", 20), ("KG", 14), ("AM", 14), ("GE", 9), ("AE", 15), ("TR", 15),
              ("UZ", 5), ("RS", 3), ("HK", 3), ("TJ", 2)]
EAEU = {"RU", "BY", "KZ", "KG", "AM"}
# headings of China's exports to Russia that boomed lawfully after 2022
CN_BOOM = [("8703", 5), ("8701", 1), ("8429", 1), ("8471", 2), ("8517", 2), ("8528", 1),
           ("8450", 1), ("8418", 1), ("8704", 1)]
ASIA_MAKERS = ["CN", "VN", "TW", "MY", "TH", "KR", "JP", "IN", "ID", "PH"]
SEA_HUBS = ["NL", "BE", "DE", "AE", "SG", "HK", "TR", "ES", "IT"]

# Where exporters are based (share of clean exporters) and what each country makes
# (chapters, heaviest first); chapters not listed use WORLD_CHAPTERS.
HOMES = [("DE", 12), ("IT", 6), ("FR", 5), ("NL", 5), ("PL", 4), ("ES", 3), ("BE", 3),
         ("AT", 2), ("CZ", 2), ("SE", 1.5), ("FI", 1), ("LT", 1), ("LV", 0.5), ("EE", 0.5),
         ("DK", 1), ("IE", 1), ("PT", 1), ("RO", 1), ("HU", 1), ("SK", 0.7), ("SI", 0.4),
         ("BG", 0.5), ("GR", 0.6), ("HR", 0.3), ("CN", 12), ("US", 6), ("JP", 3), ("KR", 3),
         ("GB", 3), ("CH", 1), ("NO", 0.5), ("CA", 1), ("TR", 3), ("IN", 2), ("VN", 1.5),
         ("TW", 1), ("MY", 1), ("TH", 1), ("SG", 1), ("AE", 2), ("KZ", 2), ("KG", 0.5),
         ("AM", 0.5), ("GE", 0.5), ("UZ", 0.5), ("RU", 4), ("BY", 1), ("BR", 1), ("MX", 1),
         ("RS", 0.5), ("ID", 0.7), ("SA", 0.7), ("AU", 0.7), ("ZA", 0.4), ("MN", 0.2)]
SPECIALTIES = {
    "DE": [87, 84, 85, 30, 90, 39, 29], "IT": [84, 87, 62, 64, 22, 94, 30], "FR": [87, 88, 30, 22, 84, 33],
    "NL": [84, 85, 27, 30, 6, 39], "PL": [87, 84, 94, 85, 2, 39], "ES": [87, 8, 30, 2, 27],
    "BE": [30, 87, 29, 27, 71], "CN": [85, 84, 94, 95, 61, 62, 39, 73, 87, 64], "US": [85, 84, 88, 30, 87, 90, 27, 29],
    "JP": [87, 84, 85, 90, 72, 29], "KR": [85, 87, 84, 27, 72, 39], "GB": [87, 84, 30, 71, 88, 22],
    "CH": [30, 71, 91, 90, 84], "TR": [87, 84, 61, 62, 8, 72, 85, 94, 39], "IN": [30, 29, 71, 52, 84, 10, 87],
    "VN": [85, 64, 61, 62, 94, 9], "TW": [85, 84, 39, 90], "MY": [85, 27, 15, 84], "TH": [84, 85, 87, 40, 10],
    "SG": [85, 84, 27, 29], "AE": [27, 71, 76, 39, 85], "KZ": [27, 72, 26, 10, 28, 74],
    "KG": [71, 26, 8, 7, 52], "AM": [22, 71, 26, 24, 3], "GE": [22, 26, 8, 72, 22], "UZ": [52, 8, 7, 27, 74],
    "RU": [27, 72, 31, 44, 10, 76, 74], "BY": [31, 44, 4, 87, 72, 27], "BR": [26, 12, 2, 17, 27],
    "MX": [87, 85, 84, 27], "RS": [8, 84, 40, 85, 72], "ID": [27, 15, 72, 64], "SA": [27, 29, 39],
    "AU": [26, 27, 71, 2], "ZA": [71, 26, 87, 8], "MN": [26, 27, 51], "CA": [27, 87, 71, 84, 44],
    "NO": [27, 3, 76], "SE": [87, 84, 30, 48, 44], "FI": [48, 84, 44, 72], "AT": [84, 87, 85, 44],
    "CZ": [87, 84, 85, 94], "DK": [30, 2, 84, 3], "IE": [30, 29, 84, 85],
}
# rough shares of world goods trade by chapter (85 and 84 machinery, 27 fuels, 87 vehicles ...)
WORLD_CHAPTERS = {85: 15, 84: 12, 27: 12, 87: 7, 30: 4, 71: 3, 90: 3, 39: 3, 29: 2.5, 72: 2,
                  73: 1.5, 94: 1.5, 61: 1.2, 62: 1.2, 40: 1, 26: 1.5, 38: 1, 76: 1, 48: 0.8,
                  44: 0.6, 95: 0.8, 64: 0.8, 33: 0.6, 22: 0.6, 8: 0.8, 10: 0.7, 2: 0.7, 3: 0.5,
                  4: 0.5, 12: 0.6, 15: 0.6, 17: 0.3, 28: 0.6, 31: 0.4, 74: 0.6, 83: 0.3, 82: 0.4,
                  96: 0.3, 42: 0.4, 63: 0.3, 52: 0.4, 54: 0.3, 55: 0.3, 68: 0.3, 69: 0.3, 70: 0.4,
                  88: 1, 89: 0.4, 91: 0.3, 24: 0.3, 21: 0.5, 19: 0.4, 20: 0.4, 9: 0.3, 7: 0.4,
                  34: 0.3, 32: 0.4, 47: 0.2, 49: 0.2, 86: 0.2, 93: 0.1}
# median price per chapter: USD per kg for weighed goods, USD per unit for counted ones
PRICE_KG = {27: 0.6, 26: 0.15, 25: 0.1, 72: 1.0, 73: 3, 74: 8, 76: 3, 10: 0.3, 12: 0.5, 17: 0.5,
            31: 0.4, 44: 0.5, 2: 4, 3: 6, 4: 4, 7: 1, 8: 1.8, 9: 4, 15: 1.2, 19: 3, 20: 2, 21: 5,
            22: 2.5, 24: 8, 28: 1, 29: 3, 30: 90, 32: 4, 33: 12, 34: 2.5, 38: 3, 39: 2.5, 40: 3,
            42: 30, 48: 1.2, 52: 2.5, 54: 4, 55: 3, 61: 25, 62: 30, 63: 6, 64: 25, 68: 0.6,
            69: 1.2, 70: 1.5, 71: 900, 82: 15, 83: 8, 84: 30, 85: 40, 87: 10, 88: 400, 90: 150,
            91: 300, 94: 5, 95: 8, 96: 10}
PRICE_U = {84: 900, 85: 60, 87: 18000, 88: 250000, 89: 150000, 90: 400, 91: 120, 95: 20,
           64: 15, 61: 8, 62: 12, 86: 90000, 93: 500, 1: 1500, 43: 200, 42: 25, 94: 80}
COUNTED_UNITS = {"u", "2u", "1000u"}


def stable_random(*purpose):
    """A random.Random seeded by a string: the same purpose gives the same draws."""
    return random.Random(":".join(str(p) for p in purpose))


def pick(rng, items):
    """One element of a list of (item, weight) pairs, with probability by weight."""
    total = sum(w for _, w in items)
    x = rng.random() * total
    for item, w in items:
        x -= w
        if x < 0:
            return item
    return items[-1][0]


def normal(rng):
    """A standard normal draw (Box-Muller on random(), so it is stable across versions)."""
    u1 = rng.random() or 1e-12
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * rng.random())


def uniform(rng, a, b):
    return a + (b - a) * rng.random()


def rint(rng, a, b):
    """An integer in [a, b]."""
    return a + int(rng.random() * (b - a + 1))


def bucket(k, bounds):
    """The range of a count: "4-15", "16-40", "41+" for bounds (15, 40)."""
    lo = 1
    for b in bounds:
        if k <= b:
            return "%d-%d" % (lo, b)
        lo = b + 1
    return "%d+" % lo


def read_csv(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class World:
    """The reference data the generator draws from."""

    def __init__(self):
        units17 = {r["hscode"]: r["std_unit"] for r in read_csv("hs2017_nomenclature.csv")}
        to17 = {}
        for r in read_csv("hs2022_hs2017_correlation.csv"):
            to17.setdefault(r["hs2022"], r["hs2017"])
        fix = {"n/a": "kg", "m²": "m2", "m³": "m3", "1000 kWh": "1000kWh"}
        self.subs = {}                      # chapter -> [subheading]
        self.unit = {}
        for r in read_csv("hs2022_nomenclature.csv"):
            c = r["hscode"]
            if r["level"] != "6" or not c.isdigit() or c.startswith("99"):
                continue
            u = units17.get(to17.get(c, c), "n/a")
            self.unit[c] = fix.get(u, u)
            self.subs.setdefault(int(c[:2]), []).append(c)
        for ch in self.subs:
            self.subs[ch].sort()
        self.chpl = {r["hs6"]: r["tier"] for r in read_csv("chpl_2024-02-23.csv")}
        iso = read_csv("iso3166_1_countries.csv")
        a3 = {r["alpha_3"]: r["alpha_2"] for r in iso}
        self.countries = {r["alpha_2"] for r in iso}
        self.centroid = {}
        for r in read_csv("country_centroids.csv"):
            self.centroid.setdefault(r["ISO"], (float(r["latitude"]), float(r["longitude"])))
        self.borders = {}
        for r in read_csv("country_land_borders.csv"):
            a, b = a3.get(r["cca3_a"]), a3.get(r["cca3_b"])
            if a and b:
                self.borders.setdefault(a, set()).add(b)
                self.borders.setdefault(b, set()).add(a)
        # market size of every destination: EU27 exports to it, mean of 2019-2021; EU members
        # get a size from a rough GDP share (intra-EU trade is not in the file)
        annual = {}
        for r in read_csv("eurostat_eu_trade_totals_by_partner.csv"):
            if r["reporter_code"] == "EU27_2020" and r["freq"] == "A" and r["flow"] == "EXPORT":
                annual[(r["partner_iso2"], int(r["period"]))] = float(r["value_eur"])
        self.mass = {}
        for (p, y), v in annual.items():
            if 2019 <= y <= 2021 and p in self.countries and p in self.centroid:
                self.mass[p] = self.mass.get(p, 0.0) + v / 3
        gdp = {"DE": 4.0, "FR": 2.8, "IT": 2.1, "ES": 1.4, "NL": 1.0, "PL": 0.7, "BE": 0.6,
               "SE": 0.6, "AT": 0.5, "IE": 0.5, "DK": 0.4, "FI": 0.3, "CZ": 0.3, "PT": 0.25,
               "RO": 0.3, "GR": 0.2, "HU": 0.2, "SK": 0.1, "BG": 0.08, "HR": 0.07, "LT": 0.07,
               "SI": 0.06, "LV": 0.04, "EE": 0.04, "LU": 0.08, "CY": 0.03, "MT": 0.02}
        for c, g in gdp.items():
            self.mass[c] = g * 4.0e11 / 23
        # the drop of EU exports to Russia and Belarus after the invasion, per year
        self.sanction_drop = {}
        for p in SANCTIONED:
            base = annual.get((p, 2021))
            for y in (2022, 2023):
                v = annual.get((p, y))
                self.sanction_drop[(p, y)] = v / base if base and v else 0.5
        # EU exports of the 114 sanctioned headings, 2020-2021: the headings each partner
        # bought and the member states that sold them
        self.east_heads = {}
        self.east_sellers = {}
        self.sanctioned_heads = set()
        for r in read_csv("eurostat_eu_exports_hs4_monthly_2020_2022.csv"):
            self.sanctioned_heads.add(r["hs4"])
            if r["period"] >= "2022":
                continue
            p, v = r["partner_iso2"], float(r["value_eur"] or 0)
            h = self.east_heads.setdefault(p, {})
            h[r["hs4"]] = h.get(r["hs4"], 0.0) + v
            s = self.east_sellers.setdefault(p, {})
            s[r["reporter_iso2"]] = s.get(r["reporter_iso2"], 0.0) + v
        # the export bans of EU Regulation 833/2014 listed by code (annexes II, VII, X,
        # XI, XX, XXIII; not the "ex" codes, which cover only some goods of a code, nor
        # Annex XVIII, whose bans hold above a value per item): clean trade respects
        # them too.  A CN line longer than a subheading bans its subheading here (clean
        # trade keeps clear of it)
        self.eu_ban6 = set()
        self.eu_ban4 = set()
        for r in read_csv("eu_833_2014_annex_codes.csv"):
            if r["regime"] != "export_ban" or r["annex"] == "XVIII" or r["ex_flag"] == "ex":
                continue
            code = "".join(ch for ch in r["cn_code"] if ch.isdigit())
            while len(code) > 4 and code.endswith("00"):
                code = code[:-2]
            if len(code) <= 4:
                self.eu_ban4.add(code)
            else:
                self.eu_ban6.add(code[:6])
        self.east_heads = {p: sorted(h.items()) for p, h in self.east_heads.items()}
        self.east_sellers = {p: sorted(s.items()) for p, s in self.east_sellers.items()}
        self.heading_subs = {}
        for ch, subs in self.subs.items():
            for c in subs:
                self.heading_subs.setdefault(c[:4], []).append(c)
        self.chpl_subs = sorted(c for c in self.chpl if c in self.unit)
        self.price_cache = {}

    def distance(self, a, b):
        """Great-circle distance between two centroids, km (a default when one is missing)."""
        if a not in self.centroid or b not in self.centroid:
            return 3000.0
        (la1, lo1), (la2, lo2) = self.centroid[a], self.centroid[b]
        la1, lo1, la2, lo2 = map(math.radians, (la1, lo1, la2, lo2))
        h = (math.sin((la2 - la1) / 2) ** 2
             + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
        return max(50.0, 2 * 6371.0 * math.asin(math.sqrt(h)))

    def sanctioned_goods(self, hs6):
        """CHPL subheadings and the 114 sanctioned headings of the Eurostat extract."""
        return hs6 in self.chpl or hs6[:4] in self.sanctioned_heads

    def eu_export_ban(self, hs6):
        """Codes listed by the export-ban annexes of EU Regulation 833/2014 (see above)."""
        return hs6[:6] in self.eu_ban6 or hs6[:4] in self.eu_ban4 or hs6[:2] in self.eu_ban4

    def price(self, hs6):
        if hs6 not in self.price_cache:
            self.price_cache[hs6] = self.price_of(hs6)
        return self.price_cache[hs6]

    def price_of(self, hs6):
        """Median unit value and log-spread of a subheading: the chapter's price level,
        moved by a fixed per-subheading factor (so the world is the same for every seed)."""
        r = stable_random("price", hs6)
        ch = int(hs6[:2])
        if self.unit[hs6] in COUNTED_UNITS:
            base = PRICE_U.get(ch, 50.0)
            if self.unit[hs6] == "1000u":
                base *= 200
        else:
            base = PRICE_KG.get(ch, 4.0)
            if self.unit[hs6] in ("m2", "m", "l", "m3", "carat", "1000kWh"):
                base *= {"m2": 1.5, "m": 0.8, "l": 0.8, "m3": 300, "carat": 0.15,
                         "1000kWh": 50}[self.unit[hs6]]
        median = base * math.exp(uniform(r, -1.2, 1.2))
        sigma = uniform(r, 0.3, 0.6)
        return median, sigma


class Generator:
    def __init__(self, world, rows, seed, share):
        self.w = world
        self.rows = rows
        self.seed = seed
        self.share = share
        self.out = []
        self.exporters = []
        self.names = set()
        self.first_seen = {}
        self.gravity_cache = {}
        self.chapter_cache = {}

    def rng(self, *purpose):
        return stable_random(self.seed, *purpose)

    # ---- names, dates, routes, prices -------------------------------------------------

    FORMS = {"DE": "GmbH", "AT": "GmbH", "CH": "AG", "IT": "S.r.l.", "FR": "SAS", "ES": "S.L.",
             "NL": "B.V.", "BE": "BV", "PL": "Sp. z o.o.", "CZ": "s.r.o.", "SK": "s.r.o.",
             "RU": "OOO", "BY": "OOO", "KZ": "TOO", "KG": "OsOO", "AM": "LLC", "GE": "LLC",
             "UZ": "MChJ", "TR": "Ltd. Sti.", "AE": "FZE", "CN": "Co., Ltd.", "JP": "K.K.",
             "KR": "Co., Ltd.", "US": "Inc.", "GB": "Ltd", "SE": "AB", "FI": "Oy", "DK": "ApS"}
    SYL = ["al", "ar", "ba", "bel", "ca", "dor", "el", "en", "fa", "gal", "har", "in", "ka",
           "kor", "lin", "mar", "mes", "nor", "ol", "pra", "ros", "sal", "sta", "tek", "tor",
           "tra", "ul", "ven", "vik", "zar", "zen", "om", "ex", "ast", "ber", "kam"]
    KINDS = ["Trading", "Logistics", "Industries", "Export", "Group", "Technik", "Systems",
             "Components", "Trade House", "Supply", "Handel", "Holding", "Partners"]

    def new_name(self, rng, home):
        """A company name of the home country's usual shape, unique in the data."""
        while True:
            stem = "".join(self.SYL[int(rng.random() * len(self.SYL))] for _ in range(rint(rng, 2, 3)))
            name = "%s %s %s" % (stem.capitalize(), self.KINDS[int(rng.random() * len(self.KINDS))],
                                 self.FORMS.get(home, "Ltd"))
            if name not in self.names:
                self.names.add(name)
                return name

    @staticmethod
    def season(d):
        m = datetime.date.fromordinal(d).month
        return 1.0 + 0.15 * math.cos(2 * math.pi * (m - 11) / 12) - (0.25 if m in (1, 8) else 0.0)

    def draw_date(self, rng, lo, hi):
        """A date in [lo, hi] with a mild seasonal profile (quiet January and August)."""
        while True:
            d = lo + int(rng.random() * (hi - lo + 1))
            if rng.random() * 1.15 < self.season(d):
                return d

    def neighbour_route(self, a, b):
        """a > n > b through the land neighbour n of b that makes the smallest detour."""
        best = None
        for n in sorted(self.w.borders.get(b, ())):
            if n in (a, b):
                continue
            cost = self.w.distance(a, n) + self.w.distance(n, b)
            if best is None or cost < best[0]:
                best = (cost, n)
        return [a, best[1], b] if best else [a, b]

    def hub_route(self, rng, a, b):
        """a > h > b through the usual sea or air hub with the smallest detour of three tried."""
        tries = []
        for _ in range(3):
            h = SEA_HUBS[int(rng.random() * len(SEA_HUBS))]
            if h not in (a, b):
                tries.append((self.w.distance(a, h) + self.w.distance(h, b), h))
        if not tries:
            return [a, b]
        return [a, min(tries)[1], b]

    def lane_route(self, rng, a, b):
        """The usual route of a lane: direct, via a land neighbour, or via a hub."""
        if a == b:
            return [a]
        u = rng.random()
        if u < 0.72 or b in self.w.borders.get(a, ()):
            return [a, b]
        if u < 0.87:
            return self.neighbour_route(a, b)
        return self.hub_route(rng, a, b)

    def price_row(self, rng, hs6, level=0.0):
        """quantity, value and z of one consignment: a log-normal unit value around the
        subheading's median (shifted by the firm's price level) and a log-normal size."""
        median, sigma = self.w.price(hs6)
        z = normal(rng)
        uv = median * math.exp(level + sigma * z)
        target = math.exp(math.log(40000.0) + 1.1 * normal(rng))
        q = target / uv
        if self.w.unit[hs6] in COUNTED_UNITS:
            q = max(1.0, round(q))
        else:
            q = max(0.1, round(q, 1))
        return q, q * uv, (level + sigma * z) / sigma

    def national_line(self, rng, hs6):
        """A 10-digit national line under the subheading: mostly 0000, some other lines."""
        u = rng.random()
        if u < 0.75:
            return hs6 + "0000"
        r = stable_random("line", hs6).random()
        return hs6 + ("%02d00" % (10 + int(r * 8) * 10 + (1 if u > 0.9 else 0)))

    def emit(self, rng, d, hs6, origin, route, exporter, label, hard=None, variant="",
             factor=1.0, level=0.0):
        q, v, z = self.price_row(rng, hs6, level)
        self.out.append([d, self.national_line(rng, hs6), origin, ">".join(route), v * factor, q,
                         self.w.unit[hs6], exporter, label, hard, variant, z])
        self.first_seen[exporter] = min(self.first_seen.get(exporter, LAST + 1), d)

    # ---- exporters of clean trade -----------------------------------------------------

    def chapter_subs(self, rng, ch, k):
        """k subheadings of a chapter, the commonly traded ones (a fixed Zipf order per
        chapter) more likely, CHPL items boosted as electronics firms often ship them."""
        if ch not in self.chapter_cache:
            subs = self.w.subs.get(ch) or self.w.subs[85]
            order = sorted(subs, key=lambda c: stable_random("rank", c).random())
            self.chapter_cache[ch] = [(c, (6.0 if c in self.w.chpl else 1.0) / (i + 1) ** 0.8)
                                      for i, c in enumerate(order)]
        return [pick(rng, self.chapter_cache[ch]) for _ in range(k)]

    def profile(self, rng, home, n_chapters=None):
        """An exporter's goods: 1-3 chapters (mostly the home country's specialties), a few
        subheadings each, with weights."""
        spec = SPECIALTIES.get(home, [])
        chs = []
        for _ in range(n_chapters or pick(rng, [(1, 5), (2, 3), (3, 1)])):
            if spec and rng.random() < 0.75:
                chs.append(spec[min(int(-math.log(1 - rng.random() * 0.999) * 2.0), len(spec) - 1)])
            else:
                chs.append(pick(rng, sorted(WORLD_CHAPTERS.items())))
        goods = []
        for ch in chs:
            for c in self.chapter_subs(rng, ch, rint(rng, 2, 7)):
                goods.append((c, math.exp(normal(rng))))
        return goods

    def gravity(self, home):
        """Destination weights of a home country: market size over distance, more for land
        neighbours and for members of the same bloc (EU, Eurasian Economic Union)."""
        if home not in self.gravity_cache:
            ws = []
            for d, m in sorted(self.w.mass.items()):
                if d == home:
                    continue
                w = m / self.w.distance(home, d)
                if d in self.w.borders.get(home, ()):
                    w *= 3
                if (home in EU27 and d in EU27) or (home in EAEU and d in EAEU):
                    w *= 4
                ws.append((d, w))
            self.gravity_cache[home] = ws
        return self.gravity_cache[home]

    def new_exporter(self, rng, group, home, goods, dests, start=FIRST, end=LAST,
                     origin_of=None, growth=None):
        """An exporter: name, home, goods, destinations with each lane's usual route, active
        period, how its volume moves after the cutoff, and how origin is declared."""
        lanes = []
        for d, w in dests:
            lanes.append((d, w, self.lane_route(rng, home, d)))
        ex = {"name": self.new_name(rng, home), "home": home, "group": group, "goods": goods,
              "lanes": lanes, "start": start, "end": end, "origin_of": origin_of,
              "growth": growth or (lambda dest, year: 1.0), "level": 0.15 * normal(rng)}
        self.exporters.append(ex)
        return ex

    def blocked(self, origin, route, hs6, d):
        """Clean trade respects the sanctions: no sanctioned goods of coalition origin or
        leaving a coalition country reach Russia or Belarus after the cutoff, nor goods
        of the EU's export-ban annexes from or through the EU into Russia."""
        return (d >= CUTOFF and route[-1] in SANCTIONED
                and ((self.w.sanctioned_goods(hs6)
                      and (origin in COALITION or any(c in COALITION for c in route)))
                     or (route[-1] == "RU" and self.w.eu_export_ban(hs6)
                         and (origin in EU27 or any(c in EU27 for c in route[:-1])))))

    def run_exporter(self, rng, ex, n):
        """n declarations of an exporter's ordinary trade."""
        done = 0
        tries = 0
        while done < n and tries < 50 * n:
            tries += 1
            d = self.draw_date(rng, ex["start"], ex["end"])
            dest, _, usual = ex["lanes"][0] if len(ex["lanes"]) == 1 else \
                pick(rng, [((l[0], 0, l[2]), l[1]) for l in ex["lanes"]])
            year = datetime.date.fromordinal(d).year
            g = ex["growth"](dest, year) if d >= CUTOFF else 1.0
            if rng.random() * 2.5 > g:
                continue
            hs6 = pick(rng, ex["goods"])
            route = usual if rng.random() < 0.9 or dest == ex["home"] \
                else self.lane_route(rng, ex["home"], dest)
            origin = ex["origin_of"](rng, hs6) if ex["origin_of"] else ex["home"]
            if self.blocked(origin, route, hs6, d):
                continue
            self.emit(rng, d, hs6, origin, route, ex["name"], "clean", level=ex["level"])
            done += 1
        return done

    def fill(self, group, budget, make):
        """Make exporters with make(rng) and run them until the group has budget rows."""
        rng = self.rng("group", group)
        made = 0
        while made < budget:
            ex = make(rng)
            n = min(budget - made, max(2, int(round(math.exp(math.log(25) + 1.1 * normal(rng))))))
            n = min(n, 2000)
            made += self.run_exporter(rng, ex, n) or 1

    def sanction_growth(self, dest, year):
        """Coalition exports to Russia and Belarus after the cutoff: the real drop of EU
        exports (Eurostat totals), other destinations as before."""
        if dest in SANCTIONED:
            return self.w.sanction_drop.get((dest, year), 0.5)
        return 1.0

    def clean(self, budget):
        """Ordinary trade and the hard negatives, by group."""
        w = self.w
        homes = HOMES

        def general(rng):
            home = pick(rng, homes)
            dests = [(pick(rng, self.gravity(home)), math.exp(normal(rng)))
                     for _ in range(pick(rng, [(1, 3), (2, 3), (3, 2), (5, 1)]))]
            origin_of = None
            if rng.random() < 0.08:     # traders: goods of the makers of each chapter
                maker = {}

                def origin_of(r, hs6, maker=maker, home=home):
                    ch = int(hs6[:2])
                    if ch not in maker:
                        cands = [c for c, s in SPECIALTIES.items() if ch in s and c != home]
                        maker[ch] = cands[int(stable_random(home, hs6).random() * len(cands))] if cands else home
                    return maker[ch] if r.random() < 0.8 else home
            growth = self.sanction_growth if home in COALITION else None
            return self.new_exporter(rng, "general", home, self.profile(rng, home), dests,
                                     origin_of=origin_of, growth=growth)

        def eu_east(rng):
            # EU firms selling to Russia, Belarus and the Central Asian and Caucasus
            # partners: partner by EU exports, seller by its share, goods by the partner's mix
            partner = pick(rng, [("RU", 45), ("BY", 12), ("KZ", 18), ("UZ", 7), ("GE", 6),
                                 ("AM", 6), ("KG", 6)])
            home = pick(rng, w.east_sellers[partner])
            goods = []
            for _ in range(rint(rng, 1, 3)):
                head = pick(rng, w.east_heads[partner])
                subs = w.heading_subs.get(head) or w.subs[84]
                for _ in range(rint(rng, 1, 3)):
                    goods.append((subs[int(rng.random() * len(subs))], math.exp(normal(rng))))
            goods += self.profile(rng, home, 1)
            dests = [(partner, 3.0)]
            if rng.random() < 0.5:
                dests.append((pick(rng, self.gravity(home)), 1.0))
            return self.new_exporter(rng, "eu_east", home, goods, dests,
                                     growth=self.sanction_growth)

        def hub_own(rng):
            # firms of the hubs exporting their own goods to Russia and Belarus, growing
            home = pick(rng, [("KZ", 25), ("TR", 20), ("AM", 10), ("GE", 8), ("KG", 8),
                              ("UZ", 10), ("AE", 6), ("RS", 5), ("IN", 5), ("CN", 0)])
            dests = [("RU", 4.0)] + ([("BY", 1.0)] if rng.random() < 0.2 else [])
            if rng.random() < 0.5:
                dests.append((pick(rng, self.gravity(home)), 1.5))
            up = uniform(rng, 1.0, 1.6)
            return self.new_exporter(rng, "hub_own", home, self.profile(rng, home), dests,
                                     growth=lambda dest, year, up=up: up if dest in SANCTIONED else 1.0)

        def cn_ru(rng):
            # Chinese firms selling to Russia, direct, via Kazakhstan or Mongolia: lawful,
            # CHPL electronics included, growing after 2022 as China's exports did; a quarter
            # of them sell the goods whose Chinese exports to Russia boomed from little
            # (cars, tractors, machinery, phones) and start shortly before the invasion
            if rng.random() < 0.25:
                goods = []
                for _ in range(rint(rng, 1, 3)):
                    subs = w.heading_subs[pick(rng, CN_BOOM)]
                    goods.append((subs[int(rng.random() * len(subs))], math.exp(normal(rng))))
                ex = self.new_exporter(rng, "cn_ru", "CN", goods, [("RU", 1.0)],
                                       start=CUTOFF - rint(rng, 60, 400),
                                       growth=lambda dest, year: 2.5)
            else:
                ex = self.new_exporter(rng, "cn_ru", "CN", self.profile(rng, "CN"), [("RU", 1.0)],
                                       growth=lambda dest, year: 1.6 if year == 2022 else 2.2)
            route = pick(rng, [(["CN", "RU"], 6), (["CN", "KZ", "RU"], 3), (["CN", "MN", "RU"], 1)])
            ex["lanes"] = [("RU", 1.0, route)]
            if rng.random() < 0.3:
                d = pick(rng, self.gravity("CN"))
                ex["lanes"].append((d, 1.0, self.lane_route(rng, "CN", d)))
            return ex

        def eu_warehouse(rng):
            # EU distribution warehouses re-shipping Asian-made goods to the hubs
            home = pick(rng, [("NL", 5), ("DE", 4), ("BE", 2), ("PL", 2), ("CZ", 1), ("LT", 1),
                              ("LV", 1), ("FI", 1)])
            maker = pick(rng, [(c, 1) for c in ASIA_MAKERS])
            goods = self.profile(rng, maker)
            hubs = [("KZ", 3), ("AE", 4), ("TR", 4), ("GE", 2), ("AM", 2), ("KG", 1), ("UZ", 1),
                    ("RS", 1), ("IN", 1), ("SG", 1)]
            dests = [(pick(rng, hubs), 3.0)]
            if rng.random() < 0.5:
                dests.append((pick(rng, self.gravity(home)), 1.0))
            if rng.random() < 0.2:
                dests.append((pick(rng, [("RU", 4), ("BY", 1)]), 2.0))
            return self.new_exporter(rng, "eu_warehouse", home, goods, dests,
                                     origin_of=lambda r, hs6, maker=maker: maker)

        def coalition_hub(rng):
            # coalition makers selling their own goods to the hubs, as before the war
            home = pick(rng, [(c, wt) for c, wt in homes if c in COALITION])
            dests = [(pick(rng, ROUNDABOUT), 3.0)]
            if rng.random() < 0.5:
                dests.append((pick(rng, self.gravity(home)), 1.0))
            return self.new_exporter(rng, "coalition_hub", home, self.profile(rng, home), dests)

        def new_firm(rng):
            # firms founded after the invasion, in ordinary trade
            # (a third of them Chinese or hub firms selling their country's goods, none of
            # them sanctioned, to Russia at an ordinary pace)
            start = rint(rng, CUTOFF + 20, LAST - 120)
            if rng.random() < 0.3:
                home = pick(rng, [("CN", 8), ("TR", 4), ("KZ", 3), ("AM", 1), ("KG", 1), ("UZ", 2),
                                  ("GE", 1), ("AE", 1), ("IN", 2), ("RS", 1)])
                goods = [g for g in self.profile(rng, home) if not w.sanctioned_goods(g[0])] \
                    or [(w.subs[8][0], 1.0)]
                return self.new_exporter(rng, "new_firm", home, goods, [("RU", 1.0)], start=start)
            home = pick(rng, homes)
            dests = [(d, wt) for d, wt in ((pick(rng, self.gravity(home)), 1.0) for _ in range(2))
                     if d not in SANCTIONED] or [("DE", 1.0)]
            return self.new_exporter(rng, "new_firm", home, self.profile(rng, home), dests,
                                     start=start)

        def processing(rng):
            # outward processing: goods sent to a low-cost neighbour for work and returned
            home, partner = pick(rng, [(("DE", "PL"), 4), (("DE", "CZ"), 3), (("AT", "HU"), 2),
                                       (("IT", "RO"), 2), (("FR", "MA"), 1), (("US", "MX"), 3),
                                       (("JP", "CN"), 2), (("KR", "VN"), 1), (("SE", "EE"), 1),
                                       (("FI", "EE"), 1), (("DE", "TR"), 1)])
            goods = self.profile(rng, home, 1) + self.profile(rng, partner, 1)
            ex = self.new_exporter(rng, "processing", home, goods, [(home, 1.0)],
                                   origin_of=lambda r, hs6, home=home, partner=partner:
                                   home if r.random() < 0.6 else partner)
            ex["lanes"] = [(home, 1.0, [home, partner, home])]
            return ex

        parts = [("general", 0.685, general), ("eu_east", 0.08, eu_east), ("hub_own", 0.06, hub_own),
                 ("cn_ru", 0.06, cn_ru), ("eu_warehouse", 0.04, eu_warehouse),
                 ("coalition_hub", 0.04, coalition_hub), ("new_firm", 0.03, new_firm),
                 ("processing", 0.005, processing)]
        for name, share, make in parts:
            self.fill(name, int(round(budget * share)), make)

    # ---- the six typologies -----------------------------------------------------------

    def established(self, rng, home, group=None):
        """An exporter of the clean data based in home (of a group), or None."""
        cands = [e for e in self.exporters if e["home"] == home and (group is None or e["group"] == group)
                 and e["start"] < CUTOFF]
        return cands[int(rng.random() * len(cands))] if cands else None

    def post_date(self, rng, lo=CUTOFF + 7):
        return self.draw_date(rng, lo, LAST)

    def chpl_item(self, rng, strong):
        """A CHPL subheading: tiers 1-2 for blatant cases, any tier (mostly 3-4) otherwise."""
        tiers = [c for c in self.w.chpl_subs if self.w.chpl[c] in ("1", "2")]
        pool = tiers if strong else self.w.chpl_subs
        return pool[int(rng.random() * len(pool))]

    def transshipment(self, n):
        """Coalition-made CHPL goods reaching RU or BY through a hub after 24 Feb 2022."""
        rng = self.rng("transshipment")
        made = 0
        while made < n:
            src = pick(rng, [("DE", 8), ("IT", 4), ("FR", 3), ("NL", 2), ("PL", 3), ("CZ", 2),
                             ("AT", 2), ("FI", 1), ("LT", 1), ("US", 4), ("JP", 2), ("GB", 2),
                             ("KR", 1), ("CH", 1)])
            hub = pick(rng, ROUNDABOUT)
            dest = "RU" if rng.random() < 0.85 else "BY"
            strong = rng.random() < 0.4
            items = [self.chpl_item(rng, strong) for _ in range(rint(rng, 1, 3))]
            shape = pick(rng, [("src>hub>dest", 6), ("src>x>hub>dest", 1.5), ("hub>dest", 2.5)])
            if shape == "src>hub>dest":
                route = [src, hub, dest]
            elif shape == "src>x>hub>dest":
                x = pick(rng, [("PL", 2), ("LT", 1), ("TR", 2), ("GE", 1), ("AE", 1)])
                route = [src, x, hub, dest] if x not in (src, hub) else [src, hub, dest]
            else:
                route = [hub, dest]
            who = pick(rng, [("hub firm", 4), ("maker", 3), ("new hub firm", 3)])
            if who == "maker":
                ex = self.established(rng, src)
                name = ex["name"] if ex else self.new_name(rng, src)
            elif who == "hub firm":
                ex = self.established(rng, hub)
                name = ex["name"] if ex else self.new_name(rng, hub)
            else:
                name = self.new_name(rng, hub)
            k = min(n - made, rint(rng, 3, 30))
            start = self.post_date(rng)
            for _ in range(k):
                d = self.draw_date(rng, start, min(LAST, start + rint(rng, 60, 500)))
                self.emit(rng, d, items[int(rng.random() * len(items))], src, route, name,
                          "transshipment", variant="%s %s tier%s" % (shape, who, "1-2" if strong else "any"))
            made += k

    def origin_masking(self, n):
        """Goods made in a coalition country declared as made in a hub (or China) on a route
        that starts in the coalition and ends in RU or BY, after the cutoff."""
        rng = self.rng("origin_masking")
        made = 0
        heads = sorted(self.w.sanctioned_heads)
        while made < n:
            src = pick(rng, [("DE", 6), ("IT", 3), ("FR", 2), ("PL", 3), ("NL", 2), ("CZ", 2),
                             ("LT", 1), ("US", 3), ("JP", 2), ("GB", 1), ("KR", 1)])
            hub = pick(rng, ROUNDABOUT)
            dest = "RU" if rng.random() < 0.85 else "BY"
            claim = pick(rng, [("dispatch hub", 6), ("other hub", 2), ("CN", 2)])
            origin = hub if claim == "dispatch hub" else \
                (pick(rng, [h for h in ROUNDABOUT if h[0] != hub]) if claim == "other hub" else "CN")
            if rng.random() < 0.6:
                goods, what = [self.chpl_item(rng, rng.random() < 0.3) for _ in range(rint(rng, 1, 3))], "CHPL"
            else:
                goods = []
                for _ in range(rint(rng, 1, 3)):
                    subs = self.w.heading_subs.get(heads[int(rng.random() * len(heads))]) or self.w.subs[87]
                    goods.append(subs[int(rng.random() * len(subs))])
                what = "sanctioned heading"
            route = [src, hub, dest] if rng.random() < 0.8 else \
                [src, pick(rng, [("PL", 1), ("LT", 1), ("TR", 1)]), hub, dest]
            if route[1] == hub and len(route) == 4 or len(set(route)) < len(route):
                route = [src, hub, dest]
            ex = self.established(rng, hub) if rng.random() < 0.5 else None
            name = ex["name"] if ex else self.new_name(rng, hub)
            k = min(n - made, rint(rng, 3, 25))
            start = self.post_date(rng)
            for _ in range(k):
                d = self.draw_date(rng, start, min(LAST, start + rint(rng, 60, 500)))
                self.emit(rng, d, goods[int(rng.random() * len(goods))], origin, route, name,
                          "origin_masking", variant="origin %s, %s" % (claim, what))
            made += k

    def mispricing(self, n):
        """Ordinary-looking declarations whose unit value is 5 to 20 times too high or too
        low, in any lane and year; more of them in trade with Russia, Belarus and the hubs."""
        rng = self.rng("mispricing")
        clean = [r for r in self.out if r[8] == "clean"]
        east = [r for r in clean if any(c in SANCTIONED or c in FINCEN_HUBS for c in r[3].split(">"))]
        for _ in range(n):
            pool = east if rng.random() < 0.6 else clean
            base = pool[int(rng.random() * len(pool))]
            f = math.exp(uniform(rng, math.log(5), math.log(20)))
            way = "over" if rng.random() < 0.5 else "under"
            hs6 = base[1][:6]
            d = min(LAST, max(FIRST, base[0] + rint(rng, -40, 40)))
            route = base[3].split(">")
            exp_level = 0.0
            self.emit(rng, d, hs6, base[2], route, base[7], "mispricing",
                      variant="%s-invoiced x%s" % (way, "5-10" if f < 10 else "10-20"),
                      factor=f if way == "over" else 1 / f, level=exp_level)

    def new_exporter_burst(self, n):
        """Firms founded after the cutoff in a hub, shipping to RU or BY in a burst."""
        rng = self.rng("new_exporter_burst")
        made = 0
        heads = sorted(self.w.sanctioned_heads)
        while made < n:
            hub = pick(rng, ROUNDABOUT)
            dest = "RU" if rng.random() < 0.85 else "BY"
            name = self.new_name(rng, hub)
            goods = []
            for _ in range(rint(rng, 1, 4)):
                if rng.random() < 0.5:
                    goods.append(self.chpl_item(rng, False))
                else:
                    subs = self.w.heading_subs.get(heads[int(rng.random() * len(heads))]) or self.w.subs[85]
                    goods.append(subs[int(rng.random() * len(subs))])
            origin_kind = pick(rng, [("CN", 45), ("hub", 35), ("coalition", 20)])
            k = min(n - made, int(math.exp(uniform(rng, math.log(4), math.log(80)))))
            start = self.post_date(rng, CUTOFF + 20)
            span = rint(rng, 20, 150)
            route = [hub, dest] if rng.random() < 0.8 else [pick(rng, [("CN", 1), ("AE", 1), ("TR", 1)]), hub, dest]
            if len(set(route)) < len(route):
                route = [hub, dest]
            for _ in range(k):
                origin = {"CN": "CN", "hub": hub}.get(origin_kind) or pick(rng, [("DE", 3), ("US", 2), ("JP", 1), ("IT", 1)])
                d = min(LAST, start + int(rng.random() * span))
                self.emit(rng, d, goods[int(rng.random() * len(goods))], origin, route, name,
                          "new_exporter_burst", variant="%s rows, origin %s" % (bucket(k, (15, 40)), origin_kind))
            made += k

    def round_trip(self, n):
        """Routes that leave a country and come back to it (re-imports dressed as imports)."""
        rng = self.rng("round_trip")
        made = 0
        while made < n:
            home = pick(rng, [("RU", 50), ("BY", 8), ("CN", 10), ("KZ", 8), ("TR", 8), ("DE", 5),
                              ("IN", 5), ("US", 3), ("AE", 3)])
            via = [pick(rng, [(h, wt) for h, wt in ROUNDABOUT + [("CN", 5), ("HK", 5), ("AE", 5)] if h != home])]
            if rng.random() < 0.3:
                extra = pick(rng, [(h, wt) for h, wt in ROUNDABOUT if h not in (home, via[0])])
                via.append(extra)
            route = [home] + via + [home]
            ex = self.established(rng, home) if rng.random() < 0.6 else None
            name = ex["name"] if ex else self.new_name(rng, via[0])
            goods = [g for g, _ in (ex["goods"] if ex else self.profile(rng, home))]
            k = min(n - made, rint(rng, 2, 20))
            start = self.draw_date(rng, FIRST, LAST) if rng.random() < 0.3 else self.post_date(rng)
            for _ in range(k):
                d = self.draw_date(rng, start, min(LAST, start + 300))
                origin = home if rng.random() < 0.7 else via[0]
                self.emit(rng, d, goods[int(rng.random() * len(goods))], origin, route, name,
                          "round_trip", variant="%d-country loop from %s" % (
                              len(route), "RU or BY" if home in SANCTIONED else "elsewhere"))
            made += k

    def dormant_lane_surge(self, n):
        """(hub, RU or BY, heading) lanes with (almost) no trade before the cutoff whose
        volume surges after it: the Kazakh washing machines."""
        rng = self.rng("dormant_lane_surge")
        lane_count = {}
        for r in self.out:
            route = r[3].split(">")
            if len(route) > 1 and r[0] < CUTOFF:
                key = (route[-2], route[-1], r[1][:4])
                lane_count[key] = lane_count.get(key, 0) + 1
        heads = sorted(set(self.w.sanctioned_heads) | {"8450", "8418", "8528", "8415", "8517",
                                                        "8471", "8516", "8422", "8443", "8701"})
        made = 0
        used = set()
        while made < n:
            hub = pick(rng, ROUNDABOUT)
            dest = "RU" if rng.random() < 0.85 else "BY"
            head = heads[int(rng.random() * len(heads))]
            if (hub, dest, head) in used or lane_count.get((hub, dest, head), 0) > 3 \
                    or head not in self.w.heading_subs:
                continue
            used.add((hub, dest, head))
            subs = self.w.heading_subs[head]
            goods = [subs[int(rng.random() * len(subs))] for _ in range(rint(rng, 1, 2))]
            k = min(n - made, int(math.exp(uniform(rng, math.log(8), math.log(250)))))
            firms = []
            for _ in range(max(1, k // rint(rng, 8, 30))):
                ex = self.established(rng, hub) if rng.random() < 0.6 else None
                firms.append(ex["name"] if ex else self.new_name(rng, hub))
            ramp = self.post_date(rng, CUTOFF + 30)
            for _ in range(k):
                origin = pick(rng, [(hub, 3), (pick(rng, [("DE", 2), ("IT", 1), ("JP", 1), ("KR", 1)]), 1)])
                d = self.draw_date(rng, ramp, LAST)
                self.emit(rng, d, goods[int(rng.random() * len(goods))], origin, [hub, dest],
                          firms[int(rng.random() * len(firms))], "dormant_lane_surge",
                          variant="lane of %s rows" % bucket(k, (30, 100)))
            made += k

    # ---- hard-negative kinds, output --------------------------------------------------

    def hard_kind(self, r):
        """The kind of hard negative a clean row is, if any (first that applies)."""
        d, hs, origin, route = r[0], r[1], r[2], r[3].split(">")
        dest = route[-1]
        if dest in SANCTIONED and d < CUTOFF and (origin in COALITION or route[0] in COALITION):
            return "coalition_to_ru_pre2022"
        if self.first_seen.get(r[7], FIRST) >= CUTOFF:
            return "new_firm_ordinary"
        if origin == "CN" and dest == "RU":
            return "cn_to_ru"
        if dest in SANCTIONED and origin == route[0] and origin in FINCEN_HUBS:
            return "hub_own_goods"
        if route[0] in EU27 and origin in ASIA_MAKERS and (dest in FINCEN_HUBS or dest in SANCTIONED):
            return "eu_warehouse_asian_goods"
        if len(route) > 2 and route[0] == dest:
            return "processing_round_trip"
        if abs(r[11]) >= 2.0:
            return "price_spread"
        if dest in SANCTIONED and (origin in COALITION or route[0] in COALITION):
            return "coalition_to_ru_unsanctioned"
        return None

    def generate(self):
        planted = int(round(self.rows * self.share))
        kinds = [self.transshipment, self.origin_masking, self.mispricing,
                 self.new_exporter_burst, self.round_trip, self.dormant_lane_surge]
        self.clean(self.rows - planted * len(kinds))
        for k in kinds:
            k(planted)
        for r in self.out:
            if r[8] == "clean":
                r[9] = self.hard_kind(r)
        # arrival order: by date, ties by a seeded shuffle
        order = self.rng("order")
        keyed = sorted(((r[0], order.random(), r) for r in self.out), key=lambda t: (t[0], t[1]))
        return [t[2] for t in keyed]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200000, help="about how many rows (default 200000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--share", type=float, default=0.004,
                    help="share of the rows planted for each of the six typologies (default 0.004)")
    a = ap.parse_args()
    rows = Generator(World(), a.rows, a.seed, a.share).generate()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["decl_id", "decl_date", "hs", "origin", "route", "value_usd", "quantity", "unit",
                  "exporter", "label", "hard_negative", "variant"])
    for i, r in enumerate(rows, 1):
        out.writerow([i, datetime.date.fromordinal(r[0]).isoformat(), r[1], r[2], r[3],
                      "%.2f" % r[4], "%g" % r[5], r[6], r[7], r[8], r[9] or "", r[10]])


if __name__ == "__main__":
    main()
