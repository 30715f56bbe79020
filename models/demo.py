"""A fictional office, generated from a seed, for trying the app and for benchmarks.

Three sizes: S is a kecamatan office of about forty people with one open semester
(the shipped demo), M and L are agencies of 500 and 5,000 people with four quarterly
periods.  The same size, year and seed always give byte-for-byte the same office:
every random choice comes from one ``random.Random`` seeded here, nothing reads the
clock, and no choice depends on set or hash ordering.  The data look like a real
office's on purpose: valid NIPs, a supervisor tree, a few PPPK and inactive people,
ratings with the gaps a clerk meets during a period (a supervisor who has not rated
yet, a half-filled form), and workshops with attendance up to a fixed "today".
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from models.criteria import default_settings
from models.errors import KinerjaError, ValidationError
from models.golongan import GOLONGAN_PNS
from models.period import new_period, transition
from models.workshop import clean_jadwal, generate_sessions

Record = dict[str, Any]
Tables = dict[str, list[Record]]

SIZES = ("S", "M", "L")
TABLES = ("settings", "employees", "periods", "ratings", "workshops", "awards")
"""Logical tables of a generated office, in the order their ids are handed out."""
EMPLOYEE_COUNT: Mapping[str, int] = {"S": 40, "M": 500, "L": 5000}
WORKSHOP_COUNT: Mapping[str, int] = {"S": 4, "M": 20, "L": 100}
YEAR_MIN = 2020
YEAR_MAX = 2050
"""Birth dates stay within 1965-2000, which only fits a working office in these years."""
SHIPPED_DEMO = "demo_office.json"

_SEED_OFFSET: Mapping[str, int] = {"S": 0, "M": 1_000_003, "L": 2_000_003}
_BIRTH_MIN = 1965
_BIRTH_MAX = 2000
_KEHADIRAN = ("hadir", "izin", "sakit", "alpa")
_KEHADIRAN_PELUANG = (85, 6, 5, 4)
"""How often each attendance status is drawn, in percent."""


# --------------------------------------------------------------------------- names


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Given names first, then names that usually come last; each list is one gender.
_NAMES: Mapping[str, Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "jawa": {
        "L": (
            _words(
                "Agus Bambang Budi Joko Slamet Wahyu Teguh Heru Eko Bagus Hadi Sugeng Yudi Aris "
                "Dwi Tri Ari Setyo Hari Rudi Didik Sigit Bayu Adi Andik Imam Priyo Gatot"
            ),
            _words(
                "Santoso Wibowo Prasetyo Nugroho Widodo Purnomo Hartono Susanto Sutrisno Suparno "
                "Haryanto Sutanto Saputro Pamungkas Kuncoro Wicaksono Raharjo Sulistyo Mulyono "
                "Suharto"
            ),
        ),
        "P": (
            _words(
                "Sri Endang Siti Wulan Ratna Rini Dwi Tri Retno Puji Indah Tutik Yuni Anik Erna "
                "Dewi Ning Kartika Sumarni Winarti Yuliana"
            ),
            _words(
                "Wahyuni Lestari Rahayu Handayani Setyowati Astuti Sulistyowati Puspitasari "
                "Kurniasih Susanti Rahmawati Wulandari Yuliani Ningsih Pratiwi Purwanti Sulastri "
                "Suryani Widayati"
            ),
        ),
    },
    "sunda": {
        "L": (
            _words(
                "Asep Ujang Dede Cecep Dadang Yayan Ade Iwan Deden Encep Dadan Wawan Hendra "
                "Nandang Usep Engkos Aep Jajang"
            ),
            _words(
                "Suherman Hidayat Permana Sudrajat Kusnadi Saepuloh Ruhiyat Sunarya Hermawan "
                "Supriatna Mulyana Gumilar Rustandi Suryana Nugraha Sobari Hamdani"
            ),
        ),
        "P": (
            _words(
                "Euis Neneng Imas Cucu Iis Nining Lilis Teti Yeni Enung Ai Rina Nia Tati Popon "
                "Elis Enok"
            ),
            _words(
                "Sumiati Nurhayati Rosmiati Komalasari Hartini Nurjanah Rohayati Herawati "
                "Fitriani Maryani Kuraesin Rukmini Sukaesih Juariah Sopiah"
            ),
        ),
    },
    "madura": {
        "L": (
            _words(
                "Moh. Abd. Ach. Mat Hosnan Holis Sahrul Subairi Busiri Kholil Mahfud Jakfar "
                "Syamsul Hasyim"
            ),
            _words(
                "Hasan Arifin Rahem Fauzi Bahri Zaini Hamid Sholeh Muzakki Fathorrahman Rasyid "
                "Ghozali Munir"
            ),
        ),
        "P": (
            _words("Siti Sitti Nur Ummi Halimah Juhairiyah Holifah Rofiah"),
            _words(
                "Aisyah Mutmainnah Nurhasanah Qomariyah Zainab Latifah Maimunah Hasanah Fatimah "
                "Khotijah Romlah"
            ),
        ),
    },
    "umum": {
        "L": (
            _words(
                "Muhammad Rizky Andi Fajar Rizal Yoga Rendy Ilham Dimas Arif Fikri Reza Fahmi "
                "Yusuf Irfan Aditya Rangga Bima Galih Dani Taufik"
            ),
            _words(
                "Pratama Saputra Ramadhan Firmansyah Maulana Hakim Putra Syahputra Akbar "
                "Kurniawan Wijaya Anggara Setiawan Hidayatullah Gunawan Iskandar Fadillah"
            ),
        ),
        "P": (
            _words(
                "Putri Ayu Dian Anisa Maya Nadia Fitri Rizka Novi Intan Nurul Aulia Febri Citra "
                "Yulia Ratih Mega Lia Desi Rani"
            ),
            _words(
                "Permatasari Anggraini Puspita Maharani Safitri Kusuma Oktaviani Purnamasari "
                "Utami Amalia Novitasari Ramadhani Fauziah Kartikasari Wijayanti Septiani"
            ),
        ),
    },
}
_NAME_GROUPS = ("jawa", "sunda", "madura", "umum")


def _person_name(rng: random.Random, gender: str, born: int) -> str:
    """A plausible Indonesian name; younger people more often have modern names."""
    weights = (32, 32, 12, 24) if born < 1988 else (22, 22, 8, 48)
    group = rng.choices(_NAME_GROUPS, weights)[0]
    firsts, lasts = _NAMES[group][gender]
    roll = rng.random()
    if group == "jawa" and roll < 0.08:
        # Many Javanese of the older generation have a single name.
        return rng.choice(lasts)
    first = rng.choice(firsts)
    if roll < 0.78:
        return f"{first} {rng.choice(lasts)}"
    # An abbreviation such as "Moh." only ever opens a name.
    middles = [name for name in firsts if not name.endswith(".") and name != first]
    return f"{first} {rng.choice(middles)} {rng.choice(lasts)}"


# --------------------------------------------------------------------------- office plans

Gelar = tuple[str, str]
"""(gelar_depan, gelar_belakang)."""


def _belakang(*titles: str) -> tuple[Gelar, ...]:
    return tuple(("", title) for title in titles)


_SOCIAL_S1 = _belakang("S.Sos.", "S.E.", "S.H.", "S.AP.", "S.IP.", "S.Kom.", "S.Ak.")
_SOCIAL_S2 = _belakang("S.Sos., M.Si.", "S.E., M.M.", "S.H., M.H.", "S.AP., M.AP.", "S.IP., M.Si.")
_D3 = _belakang("A.Md.", "A.Md.Kom.", "A.Md.Ak.")
_TECH_S1 = _belakang("S.T.")
_TECH_S2 = _belakang("S.T., M.T.", "S.T., M.Eng.")


@dataclass(frozen=True)
class _Job:
    """A kind of staff position and the schooling that goes with it."""

    jabatan: str
    jenis: str
    pendidikan: str
    """SMA, D3, S1 or S2: sets the starting grade and the titles."""
    gelar: tuple[Gelar, ...] = ()
    jenjang: str = ""
    """"ahli" or "terampil" for functional posts whose level follows the grade."""
    gender: str = ""
    """"P" or "L" when the post is held by one gender only (bidan)."""


@dataclass(frozen=True)
class _Section:
    jabatan: str
    gelar: tuple[Gelar, ...]
    weight: int = 1
    """Relative share of the unit's staff."""


@dataclass(frozen=True)
class _Unit:
    nama: str
    kepala: str
    """Jabatan of the unit head; "" when section heads report to the office head."""
    kepala_gelar: tuple[Gelar, ...]
    sections: tuple[_Section, ...]
    jobs: tuple[_Job, ...]


@dataclass(frozen=True)
class _Plan:
    nama_kantor: str
    kepala: str
    kepala_jenis: str
    kepala_golongan: str
    kepala_gelar: tuple[Gelar, ...]
    units: tuple[_Unit, ...]
    pppk_share: float
    inactive: int
    penyelenggara: str
    tempat: str


_ADMIN_JOBS = (
    _Job("Pengadministrasi Perkantoran", "Pelaksana", "SMA"),
    _Job("Operator Layanan Operasional", "Pelaksana", "D3", _D3),
    _Job("Penata Layanan Operasional", "Pelaksana", "S1", _SOCIAL_S1),
    _Job("Pengelola Keuangan", "Pelaksana", "S1", _belakang("S.E.", "S.Ak.")),
    _Job("Arsiparis", "Fungsional", "D3", _D3, "terampil"),
    _Job("Pranata Komputer", "Fungsional", "S1", _belakang("S.Kom.", "S.T."), "ahli"),
)


def _kecamatan_plan() -> _Plan:
    general = _ADMIN_JOBS[:3]
    kasi = _SOCIAL_S1 + _belakang("S.STP.", "S.Sos., M.Si.")

    def seksi(nama: str, jobs: tuple[_Job, ...]) -> _Unit:
        return _Unit(nama, "", (), (_Section(f"Kepala {nama}", kasi),), general + jobs)

    sekretariat = _Unit(
        "Sekretariat",
        "Sekretaris Kecamatan",
        _SOCIAL_S2 + _belakang("S.STP., M.Si."),
        (
            _Section("Kepala Subbagian Umum dan Kepegawaian", _SOCIAL_S1, weight=2),
            _Section("Kepala Subbagian Perencanaan dan Keuangan", _SOCIAL_S1),
        ),
        _ADMIN_JOBS,
    )
    return _Plan(
        nama_kantor="Kantor Kecamatan Sukamaju",
        kepala="Camat Sukamaju",
        kepala_jenis="Administrator",
        kepala_golongan="IV/b",
        kepala_gelar=(*_belakang("S.STP., M.Si.", "S.Sos., M.Si."), ("Drs.", "M.Si.")),
        units=(
            sekretariat,
            seksi(
                "Seksi Pemerintahan",
                (_Job("Analis Kebijakan", "Fungsional", "S1", _SOCIAL_S1, "ahli"),),
            ),
            seksi(
                "Seksi Ketenteraman dan Ketertiban",
                (_Job("Polisi Pamong Praja", "Fungsional", "D3", _D3, "terampil"),),
            ),
            seksi(
                "Seksi Kesejahteraan Rakyat",
                (_Job("Penyuluh Sosial", "Fungsional", "S1", _belakang("S.Sos."), "ahli"),),
            ),
            seksi(
                "Seksi Ekonomi dan Pembangunan",
                (_Job("Perencana", "Fungsional", "S1", _belakang("S.E.", "S.T."), "ahli"),),
            ),
        ),
        pppk_share=0.1,
        inactive=2,
        penyelenggara="Kantor Kecamatan Sukamaju",
        tempat="Aula Kantor Kecamatan Sukamaju",
    )


def _bidang(
    nama: str,
    kepala_gelar: tuple[Gelar, ...],
    kasi_gelar: tuple[Gelar, ...],
    seksi: Sequence[str],
    jobs: tuple[_Job, ...],
) -> _Unit:
    sections = tuple(_Section(f"Kepala Seksi {s}", kasi_gelar) for s in seksi)
    return _Unit(nama, f"Kepala {nama}", kepala_gelar, sections, jobs)


def _sekretariat(kepala_gelar: tuple[Gelar, ...], subbagian: Sequence[str]) -> _Unit:
    sections = tuple(_Section(f"Kepala Subbagian {s}", _SOCIAL_S1) for s in subbagian)
    return _Unit("Sekretariat", "Sekretaris", kepala_gelar, sections, _ADMIN_JOBS)


def _pupr_plan() -> _Plan:
    field_jobs = (
        _Job("Pengadministrasi Perkantoran", "Pelaksana", "SMA"),
        _Job("Operator Alat Berat", "Pelaksana", "SMA"),
        _Job("Juru Ukur", "Pelaksana", "D3", _belakang("A.Md.T.")),
        _Job("Teknisi Jalan dan Jembatan", "Fungsional", "D3", _belakang("A.Md.T."), "terampil"),
    )

    def teknis(jabatan: str) -> tuple[_Job, ...]:
        return (
            *_ADMIN_JOBS[:3],
            _Job(jabatan, "Fungsional", "S1", _TECH_S1, "ahli"),
            _Job("Pengawas Konstruksi", "Pelaksana", "D3", _belakang("A.Md.T.")),
        )

    units = [
        _sekretariat(_SOCIAL_S2, ("Umum dan Kepegawaian", "Keuangan", "Perencanaan dan Pelaporan")),
        _bidang(
            "Bidang Bina Marga",
            _TECH_S2,
            _TECH_S1,
            (
                "Pembangunan Jalan dan Jembatan",
                "Preservasi Jalan dan Jembatan",
                "Perencanaan Teknis Jalan",
            ),
            teknis("Teknik Jalan dan Jembatan"),
        ),
        _bidang(
            "Bidang Sumber Daya Air",
            _TECH_S2,
            _TECH_S1,
            ("Irigasi", "Sungai dan Pantai", "Air Baku"),
            teknis("Teknik Pengairan"),
        ),
        _bidang(
            "Bidang Cipta Karya",
            _TECH_S2,
            _TECH_S1,
            ("Air Minum", "Sanitasi", "Penataan Bangunan dan Lingkungan"),
            teknis("Teknik Tata Bangunan dan Perumahan"),
        ),
        _bidang(
            "Bidang Penataan Ruang",
            _TECH_S2,
            _TECH_S1 + _belakang("S.PWK."),
            ("Perencanaan Tata Ruang", "Pemanfaatan Ruang", "Pengendalian Pemanfaatan Ruang"),
            teknis("Penata Ruang"),
        ),
        _bidang(
            "Bidang Jasa Konstruksi",
            _TECH_S2 + _SOCIAL_S2,
            _TECH_S1 + _SOCIAL_S1,
            ("Pengaturan dan Pemberdayaan", "Pengawasan Jasa Konstruksi"),
            teknis("Pembina Jasa Konstruksi"),
        ),
    ]
    for wilayah in ("I", "II", "III"):
        nama = f"UPT Pengelolaan Jalan Wilayah {wilayah}"
        units.append(
            _Unit(
                nama,
                f"Kepala {nama}",
                _TECH_S2 + _TECH_S1,
                (
                    _Section("Kepala Subbagian Tata Usaha", _SOCIAL_S1),
                    _Section("Kepala Seksi Pemeliharaan Jalan", _TECH_S1, weight=3),
                ),
                field_jobs,
            )
        )
    units.append(
        _Unit(
            "UPT Laboratorium Bahan Konstruksi",
            "Kepala UPT Laboratorium Bahan Konstruksi",
            _TECH_S2,
            (
                _Section("Kepala Subbagian Tata Usaha", _SOCIAL_S1),
                _Section("Kepala Seksi Pengujian Bahan", _TECH_S1),
            ),
            (
                _ADMIN_JOBS[0],
                _Job("Teknisi Laboratorium", "Pelaksana", "D3", _belakang("A.Md.T.")),
                _Job("Penguji Mutu Bahan", "Fungsional", "S1", _TECH_S1, "ahli"),
            ),
        )
    )
    return _Plan(
        nama_kantor="Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Sukamaju",
        kepala="Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        kepala_jenis="JPT",
        kepala_golongan="IV/c",
        kepala_gelar=(("Ir.", "M.T."), *_TECH_S2),
        units=tuple(units),
        pppk_share=0.12,
        inactive=5,
        penyelenggara="BPSDM Provinsi",
        tempat="Aula Dinas PUPR",
    )


_PUSKESMAS = _words(
    "Sukamaju Sukamulya Cibeureum Karanganyar Sumberrejo Tanjungsari Mekarsari Sidomulyo "
    "Kedungwaru Bojongsari Ciherang Wonosari Margahayu Pasirjati Kalisari Tegalrejo "
    "Sindangsari Banyuurip Jatimulyo Sukasari Gunungsari Purwodadi Cikupa Rejosari Mulyorejo "
    "Sukadana Karangrejo Tambakrejo Pagerwojo Cilame Babakan Sindangkerta Kertajaya"
)


def _dinkes_plan() -> _Plan:
    kes_s2 = (*_belakang("S.K.M., M.Kes.", "S.Kep., Ns., M.Kep."), ("dr.", "M.Kes."))
    kes_s1 = (*_belakang("S.K.M.", "S.Kep., Ns.", "S.Farm., Apt."), ("dr.", ""))
    klinis = (
        _Job("Dokter", "Fungsional", "S1", (("dr.", ""),), "ahli"),
        _Job("Dokter Gigi", "Fungsional", "S1", (("drg.", ""),), "ahli"),
        _Job("Perawat", "Fungsional", "D3", _belakang("A.Md.Kep."), "terampil"),
        _Job("Perawat", "Fungsional", "S1", _belakang("S.Kep., Ns."), "ahli"),
        _Job("Bidan", "Fungsional", "D3", _belakang("A.Md.Keb."), "terampil", "P"),
        _Job("Bidan", "Fungsional", "S1", _belakang("S.Tr.Keb."), "ahli", "P"),
        _Job("Apoteker", "Fungsional", "S1", _belakang("S.Farm., Apt."), "ahli"),
        _Job("Asisten Apoteker", "Fungsional", "D3", _belakang("A.Md.Farm."), "terampil"),
        _Job(
            "Pranata Laboratorium Kesehatan", "Fungsional", "D3", _belakang("A.Md.A.K."), "terampil"
        ),
        _Job("Sanitarian", "Fungsional", "D3", _belakang("A.Md.K.L."), "terampil"),
        _Job("Nutrisionis", "Fungsional", "D3", _belakang("A.Md.Gz."), "terampil"),
        _Job("Penyuluh Kesehatan Masyarakat", "Fungsional", "S1", _belakang("S.K.M."), "ahli"),
        _Job("Perekam Medis", "Fungsional", "D3", _belakang("A.Md.RMIK"), "terampil"),
        _Job("Pengadministrasi Perkantoran", "Pelaksana", "SMA"),
        _Job("Pengemudi Ambulans", "Pelaksana", "SMA"),
    )
    program = (
        *_ADMIN_JOBS[:4],
        _Job("Epidemiolog Kesehatan", "Fungsional", "S1", _belakang("S.K.M."), "ahli"),
        _Job("Administrator Kesehatan", "Fungsional", "S1", _belakang("S.K.M."), "ahli"),
    )
    units = [
        _sekretariat(
            _SOCIAL_S2 + kes_s2[:1],
            ("Umum dan Kepegawaian", "Keuangan dan Aset", "Perencanaan dan Evaluasi"),
        ),
        _bidang(
            "Bidang Kesehatan Masyarakat",
            kes_s2,
            kes_s1,
            (
                "Kesehatan Keluarga dan Gizi",
                "Promosi dan Pemberdayaan Masyarakat",
                "Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga",
            ),
            program,
        ),
        _bidang(
            "Bidang Pencegahan dan Pengendalian Penyakit",
            kes_s2,
            kes_s1,
            (
                "Surveilans dan Imunisasi",
                "Pengendalian Penyakit Menular",
                "Pengendalian Penyakit Tidak Menular dan Kesehatan Jiwa",
            ),
            program,
        ),
        _bidang(
            "Bidang Pelayanan Kesehatan",
            kes_s2,
            kes_s1,
            ("Pelayanan Kesehatan Primer", "Pelayanan Kesehatan Rujukan", "Mutu dan Akreditasi"),
            program,
        ),
        _bidang(
            "Bidang Sumber Daya Kesehatan",
            kes_s2,
            kes_s1,
            ("Kefarmasian", "Alat Kesehatan dan PKRT", "Sumber Daya Manusia Kesehatan"),
            program,
        ),
        _Unit(
            "UPT Instalasi Farmasi",
            "Kepala UPT Instalasi Farmasi",
            _belakang("S.Farm., Apt., M.Kes."),
            (
                _Section("Kepala Subbagian Tata Usaha", _SOCIAL_S1),
                _Section("Kepala Seksi Pengelolaan Perbekalan Farmasi", kes_s1),
            ),
            (klinis[6], klinis[7], klinis[13]),
        ),
        _Unit(
            "UPT Laboratorium Kesehatan Daerah",
            "Kepala UPT Laboratorium Kesehatan Daerah",
            kes_s2,
            (
                _Section("Kepala Subbagian Tata Usaha", _SOCIAL_S1),
                _Section("Kepala Seksi Pelayanan Laboratorium", kes_s1),
            ),
            (klinis[8], klinis[8], klinis[13]),
        ),
    ]
    for desa in _PUSKESMAS:
        nama = f"UPT Puskesmas {desa}"
        units.append(
            _Unit(
                nama,
                f"Kepala {nama}",
                (("dr.", ""), ("drg.", ""), *_belakang("S.K.M.", "S.K.M., M.Kes.", "S.Kep., Ns.")),
                (
                    _Section("Kepala Subbagian Tata Usaha", _SOCIAL_S1 + _belakang("S.K.M."), 3),
                    _Section("Kepala Seksi Upaya Kesehatan Masyarakat", kes_s1, 3),
                    _Section("Kepala Seksi Upaya Kesehatan Perseorangan", kes_s1, 3),
                ),
                klinis,
            )
        )
    return _Plan(
        nama_kantor="Dinas Kesehatan Kabupaten Sukamaju",
        kepala="Kepala Dinas Kesehatan",
        kepala_jenis="JPT",
        kepala_golongan="IV/c",
        kepala_gelar=(("dr.", "M.Kes."), ("dr.", "M.M.")),
        units=tuple(units),
        pppk_share=0.15,
        inactive=50,
        penyelenggara="Dinas Kesehatan Kabupaten Sukamaju",
        tempat="Aula Dinas Kesehatan",
    )


_PLANS: Mapping[str, Callable[[], _Plan]] = {
    "S": _kecamatan_plan,
    "M": _pupr_plan,
    "L": _dinkes_plan,
}


# --------------------------------------------------------------------------- people


_START_GRADE = {"SMA": "II/a", "D3": "II/c", "S1": "III/a", "S2": "III/b"}
_GRADE_CAP = {"SMA": "III/b", "D3": "III/c", "S1": "III/d", "S2": "IV/a"}
_PPPK_GRADE = {"SMA": "V", "D3": "VII", "S1": "IX", "S2": "IX"}
_APPOINTMENT_AGE = {"SMA": (19, 30), "D3": (21, 32), "S1": (23, 35), "S2": (24, 33)}
_LEVELS = {
    "ahli": (("III/b", "Ahli Pertama"), ("III/d", "Ahli Muda"), ("IV/e", "Ahli Madya")),
    "terampil": (("II/d", "Terampil"), ("III/b", "Mahir"), ("IV/e", "Penyelia")),
}
_PPPK_LEVEL = {"ahli": "Ahli Pertama", "terampil": "Terampil"}


def _grade_index(golongan: str) -> int:
    return GOLONGAN_PNS.index(golongan)


@dataclass
class _Context:
    """Everything the generator needs while it builds one office."""

    rng: random.Random
    year: int
    used_nips: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    employees: list[Record] = field(default_factory=list)
    kinerja: dict[str, float] = field(default_factory=dict)
    """The hidden "true" performance of each employee, which the scores scatter around."""
    profil: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    """Per-employee strengths and weaknesses, one offset per criterion."""
    kelonggaran: dict[str, float] = field(default_factory=dict)
    """How generously each person scores others."""

    def birth_date(self, lo_age: int, hi_age: int) -> dt.date:
        lo = min(max(_BIRTH_MIN, self.year - hi_age), _BIRTH_MAX)
        hi = max(min(_BIRTH_MAX, self.year - lo_age), lo)
        year = self.rng.randint(lo, hi)
        days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(days))

    def appointment(self, lahir: dt.date, pendidikan: str) -> tuple[int, int]:
        """CPNS year and month: after the 18th birthday, never after last year."""
        lo, hi = _APPOINTMENT_AGE[pendidikan]
        year = min(lahir.year + self.rng.randint(lo, hi), self.year - 1)
        month = self.rng.randint(1, 12)
        if (year, month) < (lahir.year + 18, lahir.month):
            year, month = lahir.year + 18, lahir.month
        return year, month

    def nip(self, lahir: dt.date, middle: str, gender: str) -> str:
        """A unique NIP; the sequence number counts up as it does for real namesakes."""
        head = f"{lahir:%Y%m%d}{middle}{'1' if gender == 'L' else '2'}"
        for urutan in range(1, 1000):
            nip = f"{head}{urutan:03d}"
            if nip not in self.used_nips:
                self.used_nips.add(nip)
                return nip
        raise RuntimeError("NIP sequence exhausted")  # pragma: no cover - 999 namesakes

    def name(self, gender: str, born: int) -> str:
        nama = _person_name(self.rng, gender, born)
        for _attempt in range(30):
            if nama not in self.used_names:
                break
            nama = _person_name(self.rng, gender, born)
        self.used_names.add(nama)
        return nama

    def add(
        self,
        *,
        jabatan: str,
        jenis_jabatan: str,
        unit: str,
        atasan: str | None,
        golongan: str | None,
        pendidikan: str,
        gelar: Sequence[Gelar],
        ages: tuple[int, int],
        pppk: bool = False,
        jenjang: str = "",
        gender: str = "",
    ) -> str:
        rng = self.rng
        gender = gender or rng.choice(("L", "P"))
        lahir = self.birth_date(*ages)
        if pppk:
            first_year = min(2021, self.year - 1)
            middle = f"{rng.randint(first_year, self.year - 1)}21"
            golongan = _PPPK_GRADE[pendidikan]
            if jenjang:
                jabatan = f"{jabatan} {_PPPK_LEVEL[jenjang]}"
        else:
            tmt_year, tmt_month = self.appointment(lahir, pendidikan)
            middle = f"{tmt_year}{tmt_month:02d}"
            if golongan is None:
                # One grade up about every four years of service, up to the schooling's cap.
                step = (self.year - tmt_year) // 4
                index = min(
                    _grade_index(_START_GRADE[pendidikan]) + step,
                    _grade_index(_GRADE_CAP[pendidikan]),
                )
                golongan = GOLONGAN_PNS[index]
            if jenjang:
                level = next(
                    name
                    for top, name in _LEVELS[jenjang]
                    if _grade_index(golongan) <= _grade_index(top)
                )
                jabatan = f"{jabatan} {level}"
        nip = self.nip(lahir, middle, gender)
        depan, belakang = rng.choice(tuple(gelar)) if gelar else ("", "")
        if depan in ("Drs.", "Dra."):
            depan = "Drs." if gender == "L" else "Dra."
        if pendidikan == "S1" and lahir.year <= 1972 and gelar is _SOCIAL_S1 and rng.random() < 0.5:
            # The older generation's social-science degree.
            depan, belakang = ("Drs." if gender == "L" else "Dra."), ""
        self.employees.append(
            {
                "nip": nip,
                "nama": self.name(gender, lahir.year),
                "gelar_depan": depan,
                "gelar_belakang": belakang,
                "jenis_asn": "PPPK" if pppk else "PNS",
                "golongan": golongan,
                "jabatan": jabatan,
                "jenis_jabatan": jenis_jabatan,
                "unit": unit,
                "atasan_nip": atasan,
                "aktif": True,
            }
        )
        self.kinerja[nip] = min(max(rng.gauss(3.65, 0.5), 1.8), 4.95)
        self.profil[nip] = (rng.gauss(0, 0.3), rng.gauss(0, 0.3), rng.gauss(0, 0.3))
        self.kelonggaran[nip] = rng.gauss(0, 0.25)
        return nip


def _staff_counts(rng: random.Random, weights: Sequence[int], total: int) -> list[int]:
    """Split ``total`` staff over sections: at least one each, the rest by weight."""
    counts = [1] * len(weights)
    for index in rng.choices(range(len(weights)), weights, k=max(total - len(weights), 0)):
        counts[index] += 1
    return counts


def _build_employees(ctx: _Context, plan: _Plan, total: int) -> None:
    rng = ctx.rng
    head_unit = plan.units[0].nama
    kepala = ctx.add(
        jabatan=plan.kepala,
        jenis_jabatan=plan.kepala_jenis,
        unit=head_unit,
        atasan=None,
        golongan=plan.kepala_golongan,
        pendidikan="S2",
        gelar=plan.kepala_gelar,
        ages=(44, 56),
    )
    section_count = sum(len(unit.sections) for unit in plan.units)
    unit_heads = sum(1 for unit in plan.units if unit.kepala)
    staff_total = total - 1 - unit_heads - section_count
    weights = [section.weight for unit in plan.units for section in unit.sections]
    counts = iter(_staff_counts(rng, weights, staff_total))
    for unit in plan.units:
        atasan_seksi = kepala
        if unit.kepala:
            atasan_seksi = ctx.add(
                jabatan=unit.kepala,
                jenis_jabatan="Administrator",
                unit=unit.nama,
                atasan=kepala,
                golongan=rng.choice(("IV/a", "IV/a", "IV/b")),
                pendidikan="S2",
                gelar=unit.kepala_gelar,
                ages=(42, 57),
            )
        for section in unit.sections:
            kasi = ctx.add(
                jabatan=section.jabatan,
                jenis_jabatan="Pengawas",
                unit=unit.nama,
                atasan=atasan_seksi,
                golongan=rng.choice(("III/c", "III/d", "III/d", "IV/a")),
                pendidikan="S1",
                gelar=section.gelar,
                ages=(34, 56),
            )
            for _ in range(next(counts)):
                job = rng.choice(unit.jobs)
                ctx.add(
                    jabatan=job.jabatan,
                    jenis_jabatan=job.jenis,
                    unit=unit.nama,
                    atasan=kasi,
                    golongan=None,
                    pendidikan=job.pendidikan,
                    gelar=job.gelar,
                    ages=(22, 58),
                    pppk=rng.random() < plan.pppk_share,
                    jenjang=job.jenjang,
                    gender=job.gender,
                )
    # Leavers are staff at the bottom of the tree, so nobody reports to an inactive person.
    leaves = [e for e in ctx.employees if e["jenis_jabatan"] in ("Pelaksana", "Fungsional")]
    for employee in rng.sample(leaves, min(plan.inactive, len(leaves))):
        employee["aktif"] = False


# --------------------------------------------------------------------------- org tree


@dataclass(frozen=True)
class _Org:
    """Lookups over the active staff, built once so choosing raters stays fast."""

    by_nip: Mapping[str, Record]
    active: tuple[str, ...]
    children: Mapping[str, tuple[str, ...]]
    depth: Mapping[str, int]
    by_unit_depth: Mapping[tuple[str, int], tuple[str, ...]]
    by_depth: Mapping[int, tuple[str, ...]]


def _org(employees: Sequence[Record]) -> _Org:
    by_nip = {e["nip"]: e for e in employees}
    active = tuple(e["nip"] for e in employees if e["aktif"])
    children: dict[str, list[str]] = {}
    depth: dict[str, int] = {}
    # Employees are generated top-down, so a supervisor's depth is known first.
    for employee in employees:
        atasan = employee["atasan_nip"]
        depth[employee["nip"]] = 0 if atasan is None else depth[atasan] + 1
        if atasan is not None and employee["aktif"]:
            children.setdefault(atasan, []).append(employee["nip"])
    by_unit_depth: dict[tuple[str, int], list[str]] = {}
    by_depth: dict[int, list[str]] = {}
    for nip in active:
        by_unit_depth.setdefault((by_nip[nip]["unit"], depth[nip]), []).append(nip)
        by_depth.setdefault(depth[nip], []).append(nip)
    return _Org(
        by_nip=by_nip,
        active=active,
        children={k: tuple(v) for k, v in children.items()},
        depth=depth,
        by_unit_depth={k: tuple(v) for k, v in by_unit_depth.items()},
        by_depth={k: tuple(v) for k, v in by_depth.items()},
    )


def _peers(org: _Org, rng: random.Random, nip: str, count: int) -> list[str]:
    """Up to ``count`` rekan for ``nip``, the closest colleagues first.

    Colleagues under the same supervisor come first, then the same level of the unit,
    then the same level elsewhere; the top of the tree, who has no such colleagues,
    falls through to the levels below that are not their own direct reports.
    """
    employee = org.by_nip[nip]
    atasan = employee["atasan_nip"]
    unit, level = employee["unit"], org.depth[nip]
    excluded = {nip, atasan, *org.children.get(nip, ())}
    tiers: list[Sequence[str]] = [org.children.get(atasan, ()) if atasan else ()]
    for depth in (level, level + 1, level + 2):
        tiers.append(org.by_unit_depth.get((unit, depth), ()))
        tiers.append(org.by_depth.get(depth, ()))
    chosen: list[str] = []
    for tier in tiers:
        need = count - len(chosen)
        if need <= 0:
            break
        candidates = [other for other in tier if other not in excluded]
        picked = rng.sample(candidates, min(need, len(candidates)))
        chosen.extend(picked)
        excluded.update(picked)
    return chosen


# --------------------------------------------------------------------------- ratings


_CATATAN_BAIK = (
    "Pertahankan kinerja yang sangat baik.",
    "Sangat disiplin dan selalu tepat waktu.",
    "Pelayanan kepada masyarakat ramah dan cepat.",
    "Menjadi teladan bagi rekan satu seksi.",
    "Laporan selalu rapi dan tepat waktu.",
    "Inisiatif tinggi, sering membantu rekan kerja.",
)
_CATATAN_CUKUP = (
    "Kinerja cukup stabil, tingkatkan inisiatif.",
    "Koordinasi dengan seksi lain perlu ditingkatkan.",
    "Sudah baik, perlu lebih teliti dalam administrasi.",
    "Perlu lebih aktif menyampaikan ide dalam rapat.",
    "Tingkatkan kecepatan menindaklanjuti disposisi.",
)
_CATATAN_KURANG = (
    "Sering terlambat apel pagi.",
    "Laporan kegiatan sering terlambat dikumpulkan.",
    "Perlu meningkatkan ketelitian dalam pengisian data.",
    "Perlu lebih komunikatif dengan atasan dan rekan.",
    "Disarankan mengikuti pelatihan pelayanan prima.",
)
_STAR = 4.8
_BIAS = {"atasan": 0.0, "rekan": 0.1, "bawahan": 0.2, "diri": 0.4}


@dataclass(frozen=True)
class _Gaps:
    """What is still missing in a period, as a share or a number of cases."""

    tanpa_atasan: float = 0.0
    rekan_hilang: float = 0.0
    satu_rekan: int = 0
    draf: int = 0
    diri: float = 0.25


def _scores(
    ctx: _Context, kodes: Sequence[str], ratee: str, rater: str, peran: str, level: float
) -> dict[str, int]:
    rng = ctx.rng
    base = level + ctx.kelonggaran[rater] + _BIAS[peran]
    profil = ctx.profil[ratee]
    return {
        kode: min(max(round(base + profil[i % 3] + rng.gauss(0, 0.45)), 1), 5)
        for i, kode in enumerate(kodes)
    }


def _catatan(rng: random.Random, skor: Mapping[str, int], peran: str) -> str:
    if peran == "diri" or rng.random() > 0.3:
        return ""
    mean = sum(skor.values()) / len(skor)
    phrases = _CATATAN_BAIK if mean >= 4.3 else _CATATAN_KURANG if mean < 3 else _CATATAN_CUKUP
    return rng.choice(phrases)


def _rate_period(
    ctx: _Context, org: _Org, period: Record, gaps: _Gaps, drift: float
) -> list[Record]:
    rng = ctx.rng
    kode = period["kode"]
    kodes = [c["kode"] for c in period["kriteria"]]
    # Gaps fall on ordinary staff: the stand-out colleagues stay rankable, so the
    # award candidates are not left to chance.
    rated = [
        nip
        for nip in org.active
        if org.by_nip[nip]["atasan_nip"] is not None and ctx.kinerja[nip] < _STAR
    ]
    no_atasan = set(rng.sample(rated, round(len(rated) * gaps.tanpa_atasan)))
    one_rekan = set(rng.sample(rated, gaps.satu_rekan))
    ratings: list[Record] = []
    for ratee in org.active:
        level = ctx.kinerja[ratee] + (rng.gauss(0, drift) if drift else 0.0)
        atasan = org.by_nip[ratee]["atasan_nip"]
        pairs: list[tuple[str, str]] = []
        if atasan is not None and ratee not in no_atasan:
            pairs.append((atasan, "atasan"))
        peers = _peers(org, rng, ratee, 2 if rng.random() < 0.15 else 3)
        if ratee in one_rekan:
            peers = peers[:1]
        elif gaps.rekan_hilang:
            peers = [p for p in peers if rng.random() >= gaps.rekan_hilang]
        pairs.extend((peer, "rekan") for peer in peers)
        subordinates = org.children.get(ratee, ())
        pairs.extend((s, "bawahan") for s in rng.sample(subordinates, min(3, len(subordinates))))
        if rng.random() < gaps.diri:
            pairs.append((ratee, "diri"))
        for rater, peran in pairs:
            skor = _scores(ctx, kodes, ratee, rater, peran, level)
            ratings.append(
                {
                    "periode": kode,
                    "nip_dinilai": ratee,
                    "nip_penilai": rater,
                    "peran": peran,
                    "skor": skor,
                    "catatan": _catatan(rng, skor, peran),
                }
            )
    # Half-filled forms: one criterion not scored yet.
    for rating in rng.sample(ratings, min(gaps.draf, len(ratings))):
        del rating["skor"][rng.choice(kodes)]
    return ratings


def _make_tie(rng: random.Random, ratings: list[Record], kodes: Sequence[str]) -> None:
    """Give two colleagues identical score sheets so the ranking shows a shared rank."""
    sheets: dict[str, list[Record]] = {}
    for rating in ratings:
        sheets.setdefault(rating["nip_dinilai"], []).append(rating)

    def shape(rows: list[Record]) -> tuple[int, ...] | None:
        if any(len(r["skor"]) != len(kodes) for r in rows):
            return None
        roles = [r["peran"] for r in rows]
        if "atasan" not in roles or roles.count("rekan") < 2:
            return None
        return tuple(roles.count(p) for p in ("atasan", "rekan", "bawahan", "diri"))

    groups: dict[tuple[int, ...], list[str]] = {}
    for nip, rows in sheets.items():
        key = shape(rows)
        if key is not None and key[2] == 0:
            groups.setdefault(key, []).append(nip)
    candidates = [nips for nips in groups.values() if len(nips) >= 2]
    if not candidates:
        return
    first, second = rng.sample(max(candidates, key=len), 2)
    model = sorted(sheets[first], key=lambda r: r["peran"])
    copy_to = sorted(sheets[second], key=lambda r: r["peran"])
    for source, target in zip(model, copy_to, strict=True):
        target["skor"] = dict(source["skor"])


def _periods(size: str, year: int, kriteria: Sequence[Record]) -> list[Record]:
    if size == "S":
        draft = new_period(f"{year}-S2", "semester", dt.date(year, 7, 1))
        return [transition(draft, "terbuka", kriteria)]
    periods = []
    for quarter in range(1, 5):
        draft = new_period(f"{year}-Q{quarter}", "triwulan", dt.date(year, 3 * quarter - 2, 1))
        period = transition(draft, "terbuka", kriteria)
        periods.append(transition(period, "ditutup") if quarter < 4 else period)
    return periods


# --------------------------------------------------------------------------- workshops


@dataclass(frozen=True)
class _Course:
    judul: str
    jenis: str
    kriteria: str
    jp_per_sesi: int
    durasi_menit: int
    ulang: str
    jumlah: int
    kapasitas: int


_COURSES = (
    _Course("Pelatihan Pelayanan Prima", "pelatihan", "komunikasi", 8, 360, "harian", 3, 10),
    _Course("Seminar Keterbukaan Informasi Publik", "seminar", "", 4, 180, "tidak", 1, 40),
    _Course("Coaching Penyusunan Laporan Kinerja", "coaching", "kualitas", 2, 90, "mingguan", 6, 8),
    _Course("E-Learning Literasi Digital ASN", "e-learning", "", 2, 90, "mingguan", 4, 40),
    _Course("Workshop Penyusunan SKP", "workshop", "kualitas", 4, 180, "harian", 2, 30),
    _Course("Pelatihan Kearsipan Dinamis", "pelatihan", "disiplin", 8, 360, "harian", 4, 25),
    _Course(
        "Kursus Bahasa Inggris Pelayanan Publik", "kursus", "komunikasi", 2, 90, "mingguan", 8, 20
    ),
    _Course("Mentoring Kepemimpinan Pengawas", "mentoring", "", 2, 90, "bulanan", 4, 10),
    _Course(
        "Magang Tata Kelola Pengaduan Masyarakat", "magang", "komunikasi", 8, 420, "harian", 5, 6
    ),
    _Course("Seminar Budaya Kerja BerAKHLAK", "seminar", "disiplin", 4, 180, "tidak", 1, 60),
    _Course(
        "Pelatihan Pengelolaan Keuangan Daerah", "pelatihan", "kualitas", 8, 360, "harian", 5, 30
    ),
    _Course("E-Learning Manajemen ASN", "e-learning", "", 2, 90, "mingguan", 6, 50),
    _Course("Workshop Komunikasi Efektif", "workshop", "komunikasi", 4, 180, "harian", 2, 30),
    _Course("Coaching Disiplin Kerja", "coaching", "disiplin", 2, 90, "mingguan", 4, 8),
    _Course("Kursus Aplikasi Perkantoran", "kursus", "kualitas", 3, 135, "mingguan", 6, 20),
    _Course("Pelatihan Penanganan Kedaruratan", "pelatihan", "", 8, 360, "harian", 3, 30),
)

_ANGKATAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _shop_plan(
    size: str, year: int, rng: random.Random
) -> list[tuple[_Course, dt.datetime, list[str]]]:
    """(course, first session, excluded dates) for the year's workshops."""
    if size == "S":
        independence = dt.date(year, 8, 17)
        coaching_start = independence - dt.timedelta(days=14)
        kecuali = [independence.isoformat()]
        if independence.weekday() >= 5:
            coaching_start, kecuali = _weekday_on_or_after(dt.date(year, 8, 1), 0), []
        at = dt.time(8, 0)
        return [
            (
                _COURSES[0],
                dt.datetime.combine(_weekday_on_or_after(dt.date(year, 3, 10), 1), at),
                [],
            ),
            (
                _COURSES[1],
                dt.datetime.combine(_weekday_on_or_after(dt.date(year, 5, 20), 3), at),
                [],
            ),
            (_COURSES[2], dt.datetime.combine(coaching_start, dt.time(13, 30)), kecuali),
            # Runs across the fixed "today" (1 December): half its sessions are still to come.
            (
                _COURSES[3],
                dt.datetime.combine(_weekday_on_or_after(dt.date(year, 11, 16), 1), dt.time(9, 0)),
                [],
            ),
        ]
    plan: list[tuple[_Course, dt.datetime, list[str]]] = []
    count = WORKSHOP_COUNT[size]
    for index in range(count):
        course = _COURSES[index % len(_COURSES)]
        angkatan = index // len(_COURSES)
        if angkatan:
            judul = f"{course.judul} Angkatan {_ANGKATAN[angkatan % len(_ANGKATAN)]}"
            course = replace(course, judul=judul)
        # Spread over February to mid-November; weekly and monthly ones may run on.
        day_of_year = 31 + (index * 288) // count + rng.randint(0, 6)
        start = _weekday_on_or_after(dt.date(year, 1, 1) + dt.timedelta(days=day_of_year), 0)
        if course.ulang == "tidak":
            start += dt.timedelta(days=rng.randint(0, 4))
        at = dt.time(13, 0) if course.durasi_menit <= 180 and rng.random() < 0.4 else dt.time(8, 0)
        plan.append((course, dt.datetime.combine(start, at), []))
    return plan


def reference_date(year: int) -> dt.date:
    """The demo's fixed "today" (1 December): attendance is recorded up to it, not the clock."""
    return dt.date(year, 12, 1)


def _overlaps(
    busy: Sequence[tuple[dt.datetime, dt.datetime]],
    sessions: Sequence[tuple[dt.datetime, dt.datetime]],
) -> bool:
    return any(a < d and c < b for a, b in busy for c, d in sessions)


def _workshops(ctx: _Context, org: _Org, plan: _Plan, size: str) -> list[Record]:
    rng = ctx.rng
    today = reference_date(ctx.year)
    busy: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    shops = _shop_plan(size, ctx.year, rng)
    records: list[Record] = []
    for index, (course, mulai, kecuali) in enumerate(shops):
        jadwal = clean_jadwal(
            {
                "mulai": mulai.isoformat(timespec="minutes"),
                "durasi_menit": course.durasi_menit,
                "ulang": course.ulang,
                "jumlah": course.jumlah if course.ulang != "tidak" else None,
                "sampai": None,
                "kecuali": kecuali,
            }
        )
        sesi = generate_sessions(jadwal)
        spans = [
            (dt.datetime.fromisoformat(s["mulai"]), dt.datetime.fromisoformat(s["selesai"]))
            for s in sesi
        ]
        kapasitas = course.kapasitas
        if size != "S" and course.kapasitas >= 20:
            kapasitas = rng.choice((20, 25, 30, 40))
        if index == 0:
            # Oversubscribed, so the waiting list has people on it.
            wanted, waiting = kapasitas, rng.randint(2, 4)
        else:
            wanted, waiting = max(1, round(kapasitas * rng.uniform(0.4, 0.95))), 0
        pool = rng.sample(org.active, min(len(org.active), (wanted + waiting) * 3))
        peserta: list[str] = []
        antrian: list[str] = []
        for nip in pool:
            if len(peserta) < wanted:
                # Nobody sits in two workshops at once.
                if _overlaps(busy.get(nip, ()), spans):
                    continue
                peserta.append(nip)
                busy.setdefault(nip, []).extend(spans)
            elif len(antrian) < waiting:
                antrian.append(nip)
            else:
                break
        kehadiran: dict[str, dict[str, str]] = {}
        for session in sesi:
            if dt.date.fromisoformat(session["mulai"][:10]) >= today:
                continue
            drawn = rng.choices(_KEHADIRAN, _KEHADIRAN_PELUANG, k=len(peserta))
            kehadiran[str(session["no"])] = dict(zip(peserta, drawn, strict=True))
        records.append(
            {
                "judul": course.judul,
                "jenis": course.jenis,
                "kriteria": course.kriteria,
                "penyelenggara": plan.penyelenggara,
                "tempat": plan.tempat if course.jenis != "e-learning" else "Daring (LMS ASN)",
                "kapasitas": kapasitas,
                "jp_per_sesi": course.jp_per_sesi,
                "jadwal": jadwal,
                "sesi": sesi,
                "peserta": peserta,
                "antrian": antrian,
                "kehadiran": kehadiran,
            }
        )
    return records


# --------------------------------------------------------------------------- office


def generate_office(size: str = "S", year: int = 2026, seed: int = 2026) -> Tables:
    """A whole fictional office as logical tables, identical for identical arguments."""
    if size not in SIZES:
        raise ValidationError("demo.size_unknown", field="size", size=size, known=", ".join(SIZES))
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            "demo.year_invalid", field="year", year=year, min=YEAR_MIN, max=YEAR_MAX
        )
    rng = random.Random(seed + _SEED_OFFSET[size])
    plan = _PLANS[size]()
    ctx = _Context(rng, year)
    _build_employees(ctx, plan, EMPLOYEE_COUNT[size])
    if size == "S":
        # A few stand-out and struggling colleagues make the ranking worth reading.
        staff = [e["nip"] for e in ctx.employees if e["aktif"] and e["atasan_nip"] is not None]
        picked = rng.sample(staff, 5)
        for nip in picked[:3]:
            ctx.kinerja[nip] = _STAR + 0.05
        for nip in picked[3:]:
            ctx.kinerja[nip] = 2.2
    org = _org(ctx.employees)

    settings = default_settings()
    settings["nama_kantor"] = plan.nama_kantor
    settings["tempat"] = "Sukamaju"
    periods = _periods(size, year, settings["kriteria"])
    ratings: list[Record] = []
    for period in periods:
        if size == "S":
            gaps = _Gaps(tanpa_atasan=0.1, satu_rekan=3, draf=3, diri=0.3)
            rows = _rate_period(ctx, org, period, gaps, drift=0.0)
            _make_tie(rng, rows, [c["kode"] for c in period["kriteria"]])
        elif period["status"] == "terbuka":
            gaps = _Gaps(tanpa_atasan=0.08, rekan_hilang=0.1, draf=len(org.active) // 100)
            rows = _rate_period(ctx, org, period, gaps, drift=0.15)
        else:
            rows = _rate_period(ctx, org, period, _Gaps(diri=0.2), drift=0.15)
        ratings.extend(rows)
    workshops = _workshops(ctx, org, plan, size)

    tables: Tables = {
        "settings": [settings],
        "employees": ctx.employees,
        "periods": periods,
        "ratings": ratings,
        "workshops": workshops,
        "awards": [],
    }
    next_id = 1
    for name in TABLES:
        numbered = []
        for record in tables[name]:
            numbered.append({"id": next_id, "rev": 1, **record})
            next_id += 1
        tables[name] = numbered
    return tables


# --------------------------------------------------------------------------- files


def office_to_json(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> bytes:
    """The office as stable, readable JSON (sorted keys, two-space indent)."""
    option = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    return orjson.dumps(tables, option=option)


def office_from_json(raw: bytes) -> Tables:
    """Tables read back from ``office_to_json`` output, checked to have the right shape."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise KinerjaError("demo.invalid_json", detail=str(exc)) from None
    if not isinstance(data, dict):
        raise KinerjaError("demo.invalid_shape", table="-")
    tables: Tables = {}
    for name in TABLES:
        rows = data.get(name, [])
        if not isinstance(rows, list) or not all(
            isinstance(row, dict) and type(row.get("id")) is int and type(row.get("rev")) is int
            for row in rows
        ):
            raise KinerjaError("demo.invalid_shape", table=name)
        tables[name] = rows
    return tables


def shipped_demo_bytes() -> bytes:
    """The demo office file shipped with the package (``data/demo_office.json``)."""
    try:
        return resources.files("kinerja_data").joinpath(SHIPPED_DEMO).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        # Running from a source checkout rather than an installed package.
        return (Path(__file__).resolve().parent.parent / "data" / SHIPPED_DEMO).read_bytes()


def load_shipped_demo() -> Tables:
    """The shipped demo office as tables, ready for ``write_office``."""
    return office_from_json(shipped_demo_bytes())


def write_office(tables: Mapping[str, Sequence[Mapping[str, Any]]], out_path: str | Path) -> Path:
    """Create a new data file holding ``tables``; an existing file is never overwritten."""
    from models.office_files import make_office_folder
    from models.store import Store, bulk_tables

    path = Path(out_path).expanduser()
    if path.exists():
        raise KinerjaError("demo.file_exists", path=str(path))
    make_office_folder(path.absolute().parent)
    # Fresh top-level dicts, so the caller's tables stay theirs.
    records = {name: [dict(row) for row in rows] for name, rows in tables.items()}
    Store(path, initial=lambda: bulk_tables(records))
    return path
