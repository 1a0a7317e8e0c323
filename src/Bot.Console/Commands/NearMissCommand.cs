using System.Text.Json;
using Bot.Core.Evaluation;
using Bot.Core.Search;

namespace Bot.Console.Commands;

/// <summary>
/// <c>nearmiss</c>: a set of questions the knowledge cannot answer, made from an answerable set by swapping the place or
/// organisation a question names ("上海市", "复旦大学") for an invented one ("临溪市", "望川大学") that no article
/// holds; a question naming a place without its ending ("北京的…", where the knowledge says "北京市" somewhere) gets an
/// invented name without one ("临溪的…"). With <c>--roles</c>, each question that asks for a role or attribute
/// ("…党委书记是谁？") gets another that its articles never state instead (<see cref="RoleSwap"/>). Every line has no
/// answers, so <c>eval</c> counts it right when it is declined.
/// </summary>
internal static class NearMissCommand
{
    private static readonly string[] Endings = ["省", "市", "县", "区", "镇", "公司", "集团", "大学", "医院"];
    private const string Firsts = "望临栖澜汀榆蘅芷岚溯沂璟珞琮翊霁";
    private const string Seconds = "川溪岭峪泽湾桥坪塘垣阜岗埠屿渚";

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Line.Positionals.Count != 1 || !context.Line.Values.TryGetValue("--out", out var outPath))
            throw new ArgumentException("nearmiss needs a question file and --out: bot nearmiss questions.jsonl --out nearmiss.jsonl");
        var questions = EvalQuestion.ReadFile(context.Line.Positionals[0]);
        var snapshot = await context.LoadKnowledgeAsync(cancellationToken);
        var text = string.Join('\n', snapshot.Articles.Select(a => QuestionAnalyzer.Fold(a.Title + "\n" + a.Body)));
        var random = new Random(context.Line.GetInt("--seed", 25, 0));
        if (context.Line.Flags.Contains("--roles"))
            return await RolesAsync(context, questions, snapshot.Articles, outPath, random);

        var written = 0;
        await using (var writer = new StreamWriter(outPath))
        {
            foreach (var q in questions.Where(q => q.Question is not null && q.InScope))
            {
                if (Swap(q.Question!, text, random) is not { } swapped)
                    continue;
                var line = new EvalQuestion(q.Id + "-nearmiss", swapped, null, [], null);
                await writer.WriteLineAsync(JsonSerializer.Serialize(line, JsonOutput.Options));
                written++;
            }
        }
        await context.Output.WriteLineAsync($"{written} of {questions.Count} questions name a place or organisation; written to {outPath}");
        return 0;
    }

    // --roles: each question that asks for a role or attribute (RoleSwap) with it swapped for one its articles (doc_ids)
    // never state; questions without doc_ids are passed over (there is no article to check the swap against).
    private static async Task<int> RolesAsync(CommandContext context, IReadOnlyList<EvalQuestion> questions, IReadOnlyList<Bot.Core.Knowledge.Article> articles,
        string outPath, Random random)
    {
        var byId = articles.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First());
        var written = 0;
        var asking = 0;
        await using (var writer = new StreamWriter(outPath))
        {
            foreach (var q in questions.Where(q => q.Question is not null && q.InScope && q.DocIds is { Count: > 0 }))
            {
                if (Bot.Core.Ranking.AskedAttribute.Of(q.Question!) is null)
                    continue;
                asking++;
                var text = string.Join('\n', q.DocIds!.Where(byId.ContainsKey).Select(id => byId[id].Title + "\n" + byId[id].Body));
                if (RoleSwap.Swap(q.Question!, text, random) is not { } swapped)
                    continue;
                var line = new EvalQuestion(q.Id + "-roleswap", swapped, null, [], null);
                await writer.WriteLineAsync(JsonSerializer.Serialize(line, JsonOutput.Options));
                written++;
            }
        }
        await context.Output.WriteLineAsync($"{asking} of {questions.Count} questions ask for a role or attribute, {written} swapped; written to {outPath}");
        return 0;
    }

    // A word the knowledge writes as a place at least twice: "北京市的", "广东省，", "北京市委"; not "通过市场".
    private static bool IsPlace(string word, string knowledge)
    {
        var count = 0;
        for (var at = knowledge.IndexOf(word, StringComparison.Ordinal); at >= 0 && count < 2; at = knowledge.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if (end + 1 < knowledge.Length && "省市县".Contains(knowledge[end]) && "，。、；：的委政（(".Contains(knowledge[end + 1])
                && (at == 0 || !Bot.Core.Knowledge.TextRules.IsCjk(knowledge[at - 1]) || "在的和与了到是从对及、".Contains(knowledge[at - 1])))
                count++;
        }
        return count >= 2;
    }

    // The question with its first named place or organisation (a word of two to four characters before one of the
    // endings, or a word ending in one) replaced by an invented name the knowledge does not hold; else its first word
    // that the knowledge names as a place ("北京", as "北京市" is written somewhere); null when it names none.
    private static string? Swap(string question, string knowledge, Random random)
    {
        var folded = QuestionAnalyzer.Fold(question);
        var tokens = ChineseAnalysis.Tokens(ChineseAnalysis.Words, folded);
        return WithEnding(question, tokens, knowledge, random) ?? Place(question, tokens, knowledge, random);
    }

    private static string? Place(string question, List<AnalyzedToken> tokens, string knowledge, Random random)
    {
        foreach (var token in tokens)
        {
            if (token.Term.Length is < 2 or > 3 || !Bot.Core.Knowledge.TextRules.IsCjk(token.Term[0]) || QuestionAnalyzer.IsStopWord(token.Term)
                || !IsPlace(token.Term, knowledge))
                continue;
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var name = $"{Firsts[random.Next(Firsts.Length)]}{Seconds[random.Next(Seconds.Length)]}";
                if (!knowledge.Contains(name, StringComparison.Ordinal))
                    return question[..token.Start] + name + question[token.End..];
            }
        }
        return null;
    }

    private static string? WithEnding(string question, List<AnalyzedToken> tokens, string knowledge, Random random)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var term = tokens[i].Term;
            if (Endings.FirstOrDefault(term.EndsWith) is not { } ending)
                continue;
            int start;
            if (term.Length >= ending.Length + 2 && term.Length <= ending.Length + 4)
                start = tokens[i].Start;
            else if (term == ending && i > 0 && tokens[i - 1].Term.Length is >= 2 and <= 4 && tokens[i - 1].End == tokens[i].Start
                && !QuestionAnalyzer.IsStopWord(tokens[i - 1].Term))
                start = tokens[i - 1].Start;
            else
                continue;
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var name = $"{Firsts[random.Next(Firsts.Length)]}{Seconds[random.Next(Seconds.Length)]}{ending}";
                if (!knowledge.Contains(name, StringComparison.Ordinal))
                    return question[..start] + name + question[tokens[i].End..];
            }
        }
        return null;
    }
}
