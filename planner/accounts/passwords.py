"""How guessable a new password is, for Chinese users: zxcvbn, told the local words.

zxcvbn knows English words, names and patterns; it scored ``Jiayuguan@2024``, ``Zhangwei@123``,
``woaini1314520``, ``Gansu@2024`` and ``Admin@123456`` as strong. What an attacker tries first
against a housing bureau in Gansu is local: the city and the province, common surnames and
given names in pinyin, declarations of love in digits (520 我爱你, 1314 一生一世), lucky
numbers, years, the bureau's own words. :data:`LOCAL_WORDS` (made here for the purpose) is
given to zxcvbn as words it must treat as known (``user_inputs``), so a password built of
them scores as weak as ``password123``; and :func:`local_remainder` takes them out of the
password: what is left must be something of its own, at least :data:`MIN_OWN_CHARS` letters
or digits, whatever zxcvbn says.
"""

from __future__ import annotations

import re
from functools import lru_cache

from zxcvbn import zxcvbn

#: Places: the city, its province and the province's cities, the capital, the country.
PLACES = (
    "jiayuguan jyg gansu lanzhou jiuquan zhangye wuwei dunhuang tianshui baiyin pingliang "
    "qingyang dingxi longnan linxia gannan jinchang hexi beijing shanghai zhongguo china "
    "嘉峪关 甘肃 兰州 酒泉 张掖 武威 敦煌 中国 北京"
).split()
#: The bureau, the work, and what people type at a login form.
WORK = (
    "zhujianju zhujian jianshe gaizao laojiu xiaoqu wuye guanli guanliyuan admin "
    "administrator root system mima woaini aini nihao qwerty asdf zxcv "
    "住建局 改造 小区 管理员 密码 我爱你"
).split()
#: Surnames in pinyin, the most common first.
SURNAMES = (
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo "
    "zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang "
    "cai lu wei ding shen ren yao jin fu zhong cui tan du dai xia fan shi qian kong bai mao "
    "qiu hou xue lei long duan hao shao meng wan gu"
).split()
#: Given names (syllables and common two-syllable names) in pinyin.
GIVEN = (
    "wei fang na min jing li qiang lei jun yang yong yan jie tao ming chao xiuying xia gang "
    "ping hui hong hua jian xin yu hao bo lin ting dan ling juan xiu mei lan feng bin long "
    "peng fei yi qing hai bing xue liang kai tian wen ying guiying xiuzhen yulan guilan "
    "haiyan jianhua jianguo guoqiang zhiqiang xiaoming xiaohong"
).split()
#: Numbers that mean something (love, luck, a lifetime) and keyboard runs.
NUMBERS = (
    "520 521 1314 5201314 1314520 7758521 3344 168 1688 518 888 8888 666 6666 999 9999 "
    "000 123 1234 12345 123456 1234567 12345678 123456789 654321 147258 147258369 159357 "
    "112233 111111 000000"
).split()
#: At least this many letters or digits of the password must be none of the above.
MIN_OWN_CHARS = 5
_YEAR = re.compile(r"(?:19[5-9]\d|20[0-4]\d)")


@lru_cache(maxsize=1)
def local_words() -> tuple[str, ...]:
    """Every local word, most likely first (zxcvbn ranks them in this order): places, the
    work, numbers, surnames, given names, years, then full names (surname + given name)."""
    names = [s + g for s in SURNAMES[:40] for g in GIVEN]
    years = [str(y) for y in range(1950, 2050)]
    return tuple(dict.fromkeys([*PLACES, *WORK, *NUMBERS, *SURNAMES, *GIVEN, *years, *names]))


@lru_cache(maxsize=1)
def _longest_first() -> tuple[str, ...]:
    return tuple(sorted((w for w in local_words() if len(w) >= 2), key=lambda w: (-len(w), w)))


#: Symbols written for letters (@dmin, pa$$word, l0ve); digits are left as they are.
_SWAPS = str.maketrans("@$!", "asi")


def local_remainder(password: str) -> str:
    """The letters and digits of ``password`` that are none of the local words, years,
    number patterns or runs of one character (case and symbol-for-letter swaps ignored)."""
    text = password.lower()
    for swapped in (False, True):
        if swapped:
            text = text.translate(_SWAPS)
        for word in _longest_first():
            text = text.replace(word, " ")
        text = _YEAR.sub(" ", text)
        text = re.sub(r"(.)\1{2,}", " ", text)  # aaa, 111
    return "".join(c for c in text if c.isalnum())


def strength(password: str, user_inputs: list[str]) -> int:
    """zxcvbn's score (0–4) with the local words counted as known words."""
    return int(zxcvbn(password, user_inputs=[*user_inputs, *local_words()])["score"])
