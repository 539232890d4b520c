"""English renderings of the pipe works' own bill lines (planner/boq/pipe_items.py): their
names and the parts of their notes (name。计算规则：…。工作内容：…), for planner.boq.english."""

from __future__ import annotations

#: The pipe works' own lines (planner/boq/pipe_items.py): names, and the parts of their notes
#: (name。计算规则：…。工作内容：…).
PIPE_WORKS: dict[str, str] = {
    "透层": "Prime coat (透层)",
    "粘层": "Tack coat (粘层)",
    "补偿器": "Expansion joint (补偿器)",
    "砂垫层": "Sand bedding (砂垫层)",
    "临时供水": "Temporary water supply (临时供水)",
    "临时供热": "Temporary heating (临时供热)",
    "给水阀门井": "Water valve chamber (给水阀门井)",
    "排水检查井": "Drainage inspection chamber (排水检查井)",
    "阀门（供热）": "Valve, heating",
    "阀门（给水）": "Valve, water",
    "碰头（供热）": "Connection to the existing network, heating",
    "碰头（给水）": "Connection to the existing network, water",
    "碰头（排水）": "Connection to the existing network, drainage",
    "路面破除料弃置": "Disposal of broken pavement (路面破除料弃置)",
    "水泥稳定碎石基层": "Cement-stabilised macadam base (水泥稳定碎石基层)",
    "供热检查室（阀门井）": "Heating inspection chamber (valve chamber)",
    "管沟回填（管区，中粗砂）": "Trench backfill around the pipe, medium-coarse sand",
    "沥青面层铣刨（槽边搭接台阶）": (
        "Milling of the asphalt surface (a stepped lap at the trench edges)"
    ),
    "透层（乳化沥青）": "Prime coat (emulsified asphalt)",
    "粘层（乳化沥青）": "Tack coat (emulsified asphalt)",
    "给水管道阀门": "Valves of the water pipes",
    "供热管道阀门": "Valves of the heating pipes",
    "供热管道补偿器": "Expansion joints of the heating pipes",
    "施工期间居民临时供水": "Temporary water supply for the residents during the works",
    "施工期间临时供热": "Temporary heating during the works",
    "管道沟槽砂垫层": "Sand bedding of the pipe trench",
    "路面基层（水泥稳定碎石）": "Road base (cement-stabilised macadam)",
    "接入既有排水检查井": "Connection into an existing drainage inspection chamber",
    "与既有给水管网碰头": "Connection to the existing water network",
    "与既有供热管网碰头": "Connection to the existing heating network",
    "水泥稳定碎石 20 cm": "cement-stabilised macadam, 20 cm",
    # 计算规则 (how a line is measured)
    "按 2 × 每侧搭接宽度 × 路面下沟长以面积计算": (
        "area = 2 × the lap width on each side × the trench length under the road"
    ),
    "按新铺基层顶面面积计算（同基层面积）": "the area of the new base's top (as the base)",
    "按铣刨后旧沥青面层面积计算（同铣刨面积）": (
        "the area of the old asphalt surface after milling (as the milled area)"
    ),
    "按拆除路面面积 ×（面层 + 基层厚度）+ 铣刨面积 × 面层厚度以体积计算": (
        "volume = removed pavement area × (surface + base thickness) + milled area × surface "
        "thickness"
    ),
    "按沟底宽 ×（管外径 + 0.5 m）× 沟长，扣除管道所占体积计算": (
        "trench bottom width × (pipe outside diameter + 0.5 m) × trench length, less the "
        "pipes' volume"
    ),
    "按施工段计算：每 N m 沟长为 1 处（向上取整）": (
        "per section of the works: one per N m of trench (rounded up)"
    ),
    "按沟底宽 × 垫层厚度 × 沟长以体积计算（沟长：供热为管长 ÷ 2）": (
        "volume = trench bottom width × bedding thickness × trench length (for heating the "
        "trench length is the pipe length ÷ 2)"
    ),
    "按沟底宽 × 路面下沟长以面积计算（厚度见项目特征）": (
        "area = trench bottom width × trench length under the road (the thickness is in the "
        "item description)"
    ),
    "按设计图示数量计算": "the number on the drawings",
    "本清单按沟长 ÷ 井距（向上取整）估算": (
        "this bill estimates it as trench length ÷ chamber spacing (rounded up)"
    ),
    "本清单按每座阀门井的阀门数 × 阀门井数估算": (
        "this bill estimates it as valves per valve chamber × valve chambers"
    ),
    "本清单按每座供热检查室供、回水各 1 个 × 检查室数估算": (
        "this bill estimates one on the supply and one on the return × heating chambers"
    ),
    "本清单按每 N m 沟长 1 处（至少 1 处）估算": (
        "this bill estimates one per N m of trench (at least one)"
    ),
    "本清单按每根管每 N m 沟长 1 个估算（沟长 ÷ 间距向上取整 × 管数）": (
        "this bill estimates one per pipe per N m of trench (trench length ÷ spacing, rounded "
        "up, × pipes)"
    ),
    "本清单按每 N m 沟长 1 处（至少 1 处）、供回水各计估算": (
        "this bill estimates one per N m of trench (at least one), supply and return each"
    ),
    # 工作内容 (the work a line includes)
    "1. 铣刨 2. 清扫 3. 废料装车": "1. milling 2. sweeping 3. loading the waste",
    "1. 清扫基层 2. 喷洒透层油": "1. sweeping the base 2. spraying the prime coat",
    "1. 清扫 2. 喷洒粘层油": "1. sweeping 2. spraying the tack coat",
    "1. 装车 2. 运输至弃置点 3. 弃置": "1. loading 2. carting to the tip 3. disposal",
    "1. 垫层铺筑 2. 砌筑、勾缝、抹面 3. 井圈、井盖安装 4. 井周回填": (
        "1. bedding 2. masonry, pointing, rendering 3. frame and cover 4. backfill around the "
        "chamber"
    ),
    "1. 中粗砂运输 2. 管两侧对称分层回填 3. 人工夯实": (
        "1. carting medium-coarse sand 2. backfilling in layers on both sides of the pipe "
        "3. compacting by hand"
    ),
    "1. 安装 2. 压力试验 3. 调试": "1. installation 2. pressure test 3. commissioning",
    "1. 垫层、底板 2. 砌筑、抹面 3. 盖板、爬梯、井盖安装 4. 井周回填": (
        "1. bedding, base slab 2. masonry, rendering 3. cover slab, ladder and cover "
        "4. backfill around the chamber"
    ),
    "1. 临时管线敷设及接驳 2. 维护 3. 拆除": (
        "1. laying and connecting temporary lines 2. upkeep 3. removal"
    ),
    "1. 临时管线敷设、保温及接驳 2. 维护 3. 拆除": (
        "1. laying, insulating and connecting temporary lines 2. upkeep 3. removal"
    ),
    "1. 垫层铺筑 2. 砌筑、勾缝、抹面、流槽 3. 井圈、井盖安装 4. 闭水试验 5. 井周回填": (
        "1. bedding 2. masonry, pointing, rendering, channel 3. frame and cover "
        "4. water-tightness test 5. backfill around the chamber"
    ),
    "1. 砂料运输 2. 铺设、找平 3. 夯实": "1. carting sand 2. spreading, levelling 3. compacting",
    "1. 拌和、运输 2. 摊铺、整形 3. 碾压 4. 养护": (
        "1. mixing, carting 2. spreading, shaping 3. rolling 4. curing"
    ),
    "1. 安装 2. 压力试验 3. 接头保温 4. 调试": (
        "1. installation 2. pressure test 3. insulating the joints 4. commissioning"
    ),
    "1. 临时导流 2. 井壁开洞 3. 接管、封堵 4. 闭水检查": (
        "1. temporary diversion 2. opening the chamber wall 3. connecting, sealing "
        "4. water-tightness check"
    ),
    "1. 安装 2. 预拉伸或冷紧 3. 接头保温": (
        "1. installation 2. pre-stretching or cold pull 3. insulating the joints"
    ),
    "1. 停水协调 2. 切管、排水 3. 接驳 4. 冲洗消毒 5. 恢复通水": (
        "1. arranging the water cut 2. cutting the pipe, draining 3. connecting 4. flushing "
        "and disinfecting 5. restoring the supply"
    ),
    "1. 泄水 2. 切管 3. 焊接接驳 4. 接头保温 5. 试压、注水": (
        "1. draining 2. cutting the pipe 3. welded connection 4. insulating the joints "
        "5. pressure test, refilling"
    ),
}
