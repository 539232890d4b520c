"""The compound finder: by name, street or community, every site, newest programme first,
paged with its total (never stopping silently at a page's end)."""

from __future__ import annotations

from sqlmodel import select

from db.models import Site
from db.session import session_scope
from planner.portal.finder import find_compounds


def _keys(found) -> list[str]:
    return [h.key for h in found.hits]


def test_search_by_name_street_or_community(seeded_engine):
    with session_scope(seeded_engine) as session:
        assert _keys(find_compounds(session, "广汇", 1, 20)) == ["c2023_01"]
        assert _keys(find_compounds(session, " guanghui ", 1, 20)) == ["c2023_01"]  # English
        assert _keys(find_compounds(session, "新华", 1, 20)) == ["xinhua_road"]
        assert _keys(find_compounds(session, "雄关社区", 1, 20)) == ["xiyu_garden"]  # community
        steel = find_compounds(session, "钢城街道", 1, 100)  # the street (sub-district)
        in_steel = session.exec(select(Site.key).where(Site.sub_district == "钢城街道")).all()
        assert sorted(_keys(steel)) == sorted(in_steel) and steel.total == len(in_steel) > 1
        nothing = find_compounds(session, "%", 1, 20)  # a wildcard is a character
        assert (nothing.hits, nothing.total, nothing.pages, nothing.first) == ((), 0, 1, 0)


def test_a_space_separates_words_and_full_width_letters_and_digits_are_plain(seeded_engine):
    with session_scope(seeded_engine) as session:
        assert _keys(find_compounds(session, "广汇 小区", 1, 20)) == ["c2023_01"]
        assert _keys(find_compounds(session, "广汇\u3000小区", 1, 20)) == ["c2023_01"]  # 全角空格
        assert _keys(find_compounds(session, "Guanghui  compound", 1, 20)) == ["c2023_01"]
        assert _keys(find_compounds(session, "小区 雄关街道 广汇", 1, 20)) == ["c2023_01"]
        assert _keys(find_compounds(session, "ｇｕａｎｇｈｕｉ", 1, 20)) == ["c2023_01"]
        assert _keys(find_compounds(session, "示例小区１９", 1, 20)) == ["c2023_19"]
        assert _keys(find_compounds(session, "示例小区19（样例）", 1, 20)) == ["c2023_19"]
        assert find_compounds(session, "广汇 新华", 1, 20).total == 0  # every word must match
        assert find_compounds(session, "广汇　 小区", 1, 20).query == "广汇 小区"


def test_every_site_on_some_page_newest_programme_first(seeded_engine):
    with session_scope(seeded_engine) as session:
        every = session.exec(select(Site.key)).all()
        first = find_compounds(session, "", 1, 20)
        second = find_compounds(session, "", 2, 20)
    assert first.total == second.total == len(every) == 23 and first.pages == 2
    assert (first.first, first.last, second.first, second.last) == (1, 20, 21, 23)
    # The 2024 programme's compounds lead (the old list, by name, left them out).
    assert _keys(first)[:2] == ["c2024_01", "c2024_02"]
    assert first.hits[0].programme_year == 2024
    assert first.hits[0].programme("zh") == "2024年老旧小区改造"
    listed = _keys(first) + _keys(second)
    assert sorted(listed) == sorted(every)  # all of them, each once
    years = [h.programme_year or 0 for h in first.hits + second.hits]
    assert years == sorted(years, reverse=True)


def test_a_page_out_of_range_is_the_nearest_page(seeded_engine):
    with session_scope(seeded_engine) as session:
        past = find_compounds(session, "", 99, 20)
        before = find_compounds(session, "", 0, 20)
        huge = find_compounds(session, "", 1, 10_000)
        long = find_compounds(session, "广汇" + "x" * 500, 1, 20)
    assert past.page == 2 and len(past.hits) == 3
    assert before.page == 1 and len(before.hits) == 20
    assert huge.page_size == 100 and len(huge.hits) == 23
    assert len(long.query) == 50 and long.total == 0
