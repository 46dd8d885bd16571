"""Stopwords for this field: pythainlp's Thai list minus the words our cases are about, plus English."""

from __future__ import annotations

from functools import cache


def _words(text: str) -> list[str]:
    return text.split()


# Words on pythainlp's general-purpose list that carry meaning in moral-province cases:
# "หกภาคส่วน" (the six sectors) must keep ภาค and ส่วน, "ผลลัพธ์" keeps ผล, and a province
# name (เลย) or a virtue (พอเพียง) must never vanish.
KEPT_CONTENT_WORDS = frozenset(
    _words(
        """
    กลุ่ม กลุ่มก้อน กำหนด กระทำ ขาด เขียน คิด คำ จัดการ จัดงาน จัดตั้ง จัดทำ จัดหา ชาว ช่วย
    ด้าน ตลอดปี ทาง นำ นำพา บอก ปฏิบัติ ประกอบ ปรับ ปัจจุบัน ผล ผิด พบ
    พอเพียง พูด ฝ่าย ภาค ภาคฯ มอง มุ่งเน้น ยอมรับ ยืนยัน รวม รวมกัน รับ รับรอง ระยะ ราย ร่วม
    ร่วมกัน ร่วมด้วย ร่วมมือ ลง วัน สมัย สามารถ สำคัญ สูง ส่วน ส่วนน้อย ส่วนมาก ส่วนรวม ส่วนใหญ่
    หารือ อดีต เกิด เกี่ยวข้อง เก็บ เชื่อ เชื่อถือ เชื่อมั่น เปลี่ยน เปลี่ยนแปลง เปิด เปิดเผย
    เพิ่ม เริ่ม เรียก เลย เหตุผล แก้ไข แสดง ใช้ ใหม่ ยาก ง่าย ครบ ขั้น เหตุ
    """
    )
)
# Said in questions and problem statements, never in what a case is about ("กรณีศึกษาภาคใต้"
# asks for cases, it does not ask about the word กรณี). After the first line: question words
# and spoken end particles that pythainlp's list lacks ("ราคาเท่าไรหรอครับ", "มีลูกกี่คน").
# A word no case holds weighs most in the share of the query a case matches, so left in,
# หรอ alone made every case that holds ราคา look like a loose match.
ADDED_THAI = frozenset(
    _words("ทำอย่างไร อย่างไรดี ยังไงดี บ้าง ไหม มั้ย กรณีศึกษา กรณี ตัวอย่าง")
    + _words("ใด กี่ หรอ เหรอ ป่าว ป่ะ รึเปล่า อ่ะ ล่ะ ฮะ งับ ครับผม นะคะ เนอะ ไม๊")
    + _words("ตรงไหน ที่ไหนบ้าง อย่างไรบ้าง เพราะอะไร เหตุใด")
)

ENGLISH = frozenset(
    _words(
        """
    a about an and are as at be been by can did do does for from has have how i in into is it its
    me my of on or our should that the their them there these they this to was we were what
    when where which who whom whose why will with would you your among those
    case cases example examples
    """
    )
)


@cache
def thai() -> frozenset[str]:
    """The Thai stopwords: pythainlp's list (bundled, offline) curated for this field."""
    from pythainlp.corpus import thai_stopwords

    return (frozenset(thai_stopwords()) - KEPT_CONTENT_WORDS) | ADDED_THAI


@cache
def general() -> frozenset[str]:
    """pythainlp's whole list plus English: function words in general Thai, for finding
    where a name ends in running text (not for search terms)."""
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | ENGLISH


def is_stopword(word: str) -> bool:
    return word in ENGLISH or word in thai()
