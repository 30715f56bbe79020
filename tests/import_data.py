"""Import files of any size for the tests and the benchmark: employees, ratings, SIASN.

Everything is generated from the row number (and a seed), so a file of 16,000
employees holds valid NIPs, a proper org chart and ratings the rules accept.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

from models import siasn
from models.employee import EMPLOYEE_FIELDS
from models.golongan import GOLONGAN_PNS

_FIRST = ("Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Ani", "Eko", "Sri", "Hadi")
_LAST = ("Aminah", "Santoso", "Lestari", "Wibowo", "Rahayu", "Saputra", "Utami", "Nugroho")
_STAFF_PER_UNIT = 50


def nip(index: int, *, pppk: bool = False) -> str:
    """A valid, unique NIP for the ``index``-th generated employee."""
    born = date(1965, 1, 1) + timedelta(days=(index // 999) * 7 + index % 5)
    sequence = index % 999 + 1
    gender = 1 + index % 2
    middle = f"{born.year + 22}21" if pppk else f"{born.year + 22}{born.month:02d}"
    return f"{born:%Y%m%d}{middle}{gender}{sequence:03d}"


def name(index: int) -> str:
    return f"{_FIRST[index % len(_FIRST)]} {_LAST[index // len(_FIRST) % len(_LAST)]} {index}"


def org(count: int) -> list[dict[str, str]]:
    """``count`` employees in Kinerja's columns: a head, unit heads under them, staff."""
    units = max(1, (count - 1) // _STAFF_PER_UNIT)
    rows: list[dict[str, str]] = []
    for index in range(count):
        if index == 0:
            atasan, unit, jenis, jabatan = "", "Pimpinan", "JPT", "Kepala Dinas"
        elif index <= units:
            atasan, unit, jenis, jabatan = nip(0), f"Unit {index}", "Pengawas", "Kepala Seksi"
        else:
            head = 1 + (index - units - 1) % units
            atasan, unit = nip(head), f"Unit {head}"
            jenis, jabatan = (
                ("Fungsional", "Analis") if index % 3 else ("Pelaksana", "Pengadministrasi")
            )
        rows.append(
            {
                "nip": nip(index),
                "nama": name(index),
                "gelar_depan": "",
                "gelar_belakang": "S.E." if index % 4 == 0 else "",
                "jenis_asn": "PNS",
                "golongan": GOLONGAN_PNS[4 + index % 10],
                "jabatan": jabatan,
                "jenis_jabatan": jenis,
                "unit": unit,
                "atasan_nip": atasan,
                "aktif": "ya",
            }
        )
    return rows


def ratings(employees: list[dict[str, str]], periode: str, count: int) -> list[dict[str, str]]:
    """Up to ``count`` ratings the rules accept: self, atasan, three peers, a subordinate."""
    by_atasan: dict[str, list[dict[str, str]]] = {}
    for emp in employees:
        by_atasan.setdefault(emp["atasan_nip"], []).append(emp)
    rng = random.Random(count)
    rows: list[dict[str, str]] = []

    def add(ratee: str, rater: str, peran: str) -> None:
        scores = {code: str(rng.randint(1, 5)) for code in ("disiplin", "kualitas", "komunikasi")}
        rows.append(
            {
                "periode": periode,
                "nip_dinilai": ratee,
                "nip_penilai": rater,
                "peran": peran,
                **scores,
                "catatan": "Baik, pertahankan" if rng.random() < 0.3 else "",
            }
        )

    for emp in employees:
        ratee = emp["nip"]
        add(ratee, ratee, "diri")
        if emp["atasan_nip"]:
            add(ratee, emp["atasan_nip"], "atasan")
        team = [e for e in by_atasan[emp["atasan_nip"]] if e["unit"] == emp["unit"]] or [emp]
        if emp["atasan_nip"] == nip(0):
            team = by_atasan[emp["atasan_nip"]]
        place = team.index(emp)
        for step in (1, -1, 2):
            peer = team[(place + step) % len(team)]
            if peer is not emp and len(team) > 2:
                add(ratee, peer["nip"], "rekan")
        staff = by_atasan.get(ratee)
        if staff:
            add(ratee, staff[0]["nip"], "bawahan")
        if len(rows) >= count:
            break
    return rows[:count]


def csv_text(rows: list[dict[str, str]], fields: list[str] | tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_employees(path: Path, count: int) -> Path:
    path.write_text(csv_text(org(count), EMPLOYEE_FIELDS), encoding="utf-8")
    return path


def write_ratings(path: Path, employees: int, periode: str, count: int) -> Path:
    rows = ratings(org(employees), periode, count)
    fields = ["periode", "nip_dinilai", "nip_penilai", "peran"]
    fields += ["disiplin", "kualitas", "komunikasi", "catatan"]
    path.write_text(csv_text(rows, fields), encoding="utf-8")
    return path


_SIASN_JABATAN = (
    ("Jabatan Fungsional Tertentu", "Analis Kebijakan Ahli Muda"),
    ("Jabatan Fungsional Umum", "Pengadministrasi Umum"),
    ("Jabatan Pelaksana", "Pengolah Data"),
    ("Jabatan Pengawas", "Kepala Seksi Pelayanan"),
    ("Jabatan Administrator", "Sekretaris"),
    ("Jabatan Pimpinan Tinggi Pratama", "Kepala Dinas"),
)


def siasn_rows(count: int, *, start: int = 100_000) -> list[dict[str, str]]:
    """``count`` rows shaped like SIASN's "Export Data ASN", every column filled."""
    rows: list[dict[str, str]] = []
    for offset in range(count):
        index = start + offset
        pppk = offset % 7 == 6
        number = nip(index, pppk=pppk)
        born = date(int(number[:4]), int(number[4:6]), int(number[6:8]))
        gol_index = 4 + offset % 10
        jenis_jabatan, jabatan = _SIASN_JABATAN[offset % len(_SIASN_JABATAN)]
        row = {column: "" for column in siasn.COLUMNS}
        row.update(
            {
                "PNS ID": f"A8ACA7{index:026X}",
                "NIP BARU": number,
                "NIP LAMA": "" if pppk else f"{index:09d}",
                "NAMA": name(index).upper(),
                "GELAR DEPAN": "Dr." if offset % 11 == 0 else "",
                "GELAR BELAKANG": "S.Kom." if offset % 5 == 0 else "",
                "TEMPAT LAHIR NAMA": "KOTA SURABAYA",
                "TANGGAL LAHIR": born.strftime("%d-%m-%Y"),
                "JENIS KELAMIN": "M" if number[14] == "1" else "F",
                "AGAMA NAMA": "Islam",
                "NIK": f"3578{index:012d}",
                "EMAIL": f"pegawai{index}@example.go.id",
                "JENIS PEGAWAI ID": "PPPK" if pppk else "4",
                "JENIS PEGAWAI NAMA": "PPPK" if pppk else "PNS DAERAH",
                "KEDUDUKAN HUKUM NAMA": "Aktif",
                "STATUS CPNS PNS": "P",
                "TMT CPNS": f"01-{number[12:14]}-{number[8:12]}" if not pppk else "",
                "GOL AKHIR ID": "" if pppk else _gol_id(GOLONGAN_PNS[gol_index]),
                "GOL AKHIR NAMA": "IX" if pppk else GOLONGAN_PNS[gol_index],
                "MK TAHUN": str(offset % 30),
                "MK BULAN": str(offset % 12),
                "JENIS JABATAN NAMA": "Jabatan Fungsional Umum" if pppk else jenis_jabatan,
                "JABATAN NAMA": "Pengadministrasi Umum" if pppk else jabatan,
                "UNOR NAMA": f"Bidang {offset % 6 + 1}",
                "INSTANSI INDUK NAMA": "Pemerintah Kota Surabaya",
            }
        )
        rows.append(row)
    return rows


def _gol_id(golongan: str) -> str:
    return next(code for code, name in siasn.GOL_ID.items() if name == golongan)


def write_siasn(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text(csv_text(rows, siasn.COLUMNS), encoding="utf-8")
    return path
