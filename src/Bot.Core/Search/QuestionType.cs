namespace Bot.Core.Search;

/// <summary>What kind of answer a question asks for.</summary>
public enum QuestionType
{
    /// <summary>No particular kind.</summary>
    Other,
    /// <summary>多少, 几, how many: a number or quantity.</summary>
    Quantity,
    /// <summary>谁, who: a person.</summary>
    Person,
    /// <summary>哪里, 哪个, where, which: a place or organisation.</summary>
    Place,
    /// <summary>什么时候, 哪一年, when: a date or time.</summary>
    Time,
    /// <summary>吗, 是否: yes or no.</summary>
    YesNo,
}
