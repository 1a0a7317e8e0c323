using System.Text.RegularExpressions;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>Recognises text that can answer a given kind of question: a number for 多少, a date for 什么时候 …</summary>
public static partial class AnswerEvidence
{
    /// <summary>True when <paramref name="sentence"/> holds something of the kind <paramref name="type"/> asks for, outside <paramref name="question"/>.</summary>
    public static bool Holds(QuestionType type, string sentence, string question)
    {
        var regex = type switch
        {
            QuestionType.Quantity => QuantityRegex(),
            QuestionType.Time => TimeRegex(),
            QuestionType.Person => PersonRegex(),
            QuestionType.Place => PlaceRegex(),
            _ => null,
        };
        if (regex is null)
            return false;
        foreach (Match m in regex.Matches(sentence))
        {
            if (!question.Contains(m.Value, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    [GeneratedRegex(@"[0-9０-９][0-9０-９.,，%％]*\s*(万|亿|千|百)?\s*[个家项名人次元米年岁倍台辆件吨度%％天小时分钟秒公里平方万亿条所座例只位]?|第[一二三四五六七八九十百]+|[一二三四五六七八九十百千万两]+[个家项名人次元倍台辆件吨条所座例只位]")]
    private static partial Regex QuantityRegex();

    [GeneratedRegex(@"\d{4}\s*年|\d{1,2}\s*月\s*\d{0,2}\s*日?|[一二三四五六七八九十]{1,3}月|今年|去年|明年|前年|昨天|今天|明天|上午|下午|晚上|凌晨|年底|年初|月底|月初|周[一二三四五六日]|星期[一二三四五六日天]|\b(19|20)\d{2}\b|January|February|March|April|May|June|July|August|September|October|November|December")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"(书记|市长|区长|省长|部长|主任|主席|校长|院长|院士|教授|总裁|董事长|总经理|经理|首席执行官|CEO|记者|局长|厅长|委员|代表|发言人|总统|总理|导演|演员|作家|医生|专家)[、，,]?\s*[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,3}(表示|介绍|说|指出|强调|认为|称)|\b[A-Z][a-z]+ [A-Z][a-z]+\b")]
    private static partial Regex PersonRegex();

    [GeneratedRegex(@"[\u4e00-\u9fff]{1,10}(省|市|区|县|镇|乡|村|国|州|岛|湾|港|委|局|厅|部|院|校|大学|学院|公司|集团|组织|中心|协会|机构|银行|医院|园区|基地|平台)")]
    private static partial Regex PlaceRegex();
}
