namespace Bot.TestSupport;

/// <summary>
/// Invented articles, as the OCR test pages (tests/fixtures/ocr/make-fixtures.py) print them, one string a line: the
/// knowledge and the pictures' text of the picture tests (matching in Bot.Core, chat photos in Bot.Telegram).
/// </summary>
public static class PictureArticles
{
    public static readonly string[] Canteens =
    [
        "滨江区新建三座社区食堂", "首批服务老人2.3万名",
        "本报讯 滨江区昨天宣布，三座新建社区食堂将于下月起陆续开放，首批可为2.3万名老人提供午餐。",
        "区民政局介绍，三座食堂总投资1800万元，每座可同时容纳160人用餐，八十岁以上老人每餐只需6元，区里还将招募志愿者为行动不便的老人送餐。",
    ];

    public static readonly string[] Pier =
    [
        "江心岛客运码头改造完工",
        "本报讯 经过14个月施工，江心岛客运码头改造工程昨天完工。新码头设有4个泊位，日均可接待旅客1.2万人次。",
    ];

    // A later report on the canteens' subject: what a question about what happened next is after.
    public static readonly string[] CanteensLater =
    [
        "滨江区社区食堂开放三个月",
        "本报讯 滨江区三座社区食堂开放三个月来，已接待老人21万人次，区里计划年内再建两座社区食堂。",
    ];

    public static readonly string[] Drains =
    [
        "老城区雨水管网改造启动",
        "本报讯 老城区雨水管网改造工程昨天启动。第一阶段改造东片区管道26公里，新建泵站2座，更换窨井盖1200个。",
        "东片区地势低洼，去年汛期积水点达到17处，居民出行多有不便。第二阶段改造西片区管道19公里，预计明年6月完工。",
    ];
}
