using System.Text;
using Bot.Core.Ocr;

namespace Bot.Core.Tests.Ocr;

public sealed class OcrLayoutTests
{
    // Tesseract's TSV of a headline over two columns whose lines are level: Tesseract reads each row across both columns
    // as one line (one line number), as it did on the rendered two-column page.
    private static string TwoColumnTsv()
    {
        var tsv = new StringBuilder("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        var line = 0;
        void Word(int l, int left, int top, int height, string text) =>
            tsv.Append($"5\t1\t1\t1\t{l}\t1\t{left}\t{top}\t{text.Length * height}\t{height}\t90\t{text}\n");
        Word(++line, 60, 20, 32, "老城区管网改造");
        string[] left = ["　　甲一甲一甲一甲一甲一", "甲二甲二甲二甲二甲二甲二", "甲三。", "　　乙一乙一乙一乙一乙一", "乙二乙二。"];
        string[] right = ["　　丙一丙一丙一丙一丙一", "丙二丙二丙二丙二丙二丙二", "丙三。", "", ""];
        for (var row = 0; row < left.Length; row++)
        {
            line++;
            var top = 80 + row * 34;
            if (left[row].Length > 0)
                Word(line, left[row].StartsWith('　') ? 84 : 40, top, 22, left[row].TrimStart('　'));
            if (right[row].Length > 0)
                Word(line, right[row].StartsWith('　') ? 444 : 400, top, 22, right[row].TrimStart('　'));
        }
        return tsv.ToString();
    }

    [Fact]
    public void FromTsv_WhenColumnsLinesAreLevel_ReadsTheLeftColumnThenTheRight()
    {
        var page = OcrLayout.FromTsv(TwoColumnTsv());

        Assert.Equal(["老城区管网改造", "甲一甲一甲一甲一甲一甲二甲二甲二甲二甲二甲二甲三。", "乙一乙一乙一乙一乙一乙二乙二。", "丙一丙一丙一丙一丙一丙二丙二丙二丙二丙二丙二丙三。"],
            page.Lines.Select(l => l.Text));
    }

    [Fact]
    public void FromTsv_KeepsEachWordsConfidence()
    {
        var tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
                  "5\t1\t1\t1\t1\t1\t10\t10\t40\t20\t90\t码头\n5\t1\t1\t1\t1\t2\t52\t10\t40\t20\t50\t改造\n4\t1\t1\t1\t1\t0\t10\t10\t82\t20\t-1\t\n";

        var page = OcrLayout.FromTsv(tsv);

        Assert.Equal("码头改造", Assert.Single(page.Lines).Text);
        Assert.Equal(70, page.MeanConfidence, 3);
    }

    [Fact]
    public void FromTsv_JoinsANumberTesseractCutInTwo()
    {
        var tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
                  "5\t1\t1\t1\t1\t1\t10\t10\t30\t20\t90\t乔木\n5\t1\t1\t1\t1\t2\t42\t10\t30\t20\t90\t350\n5\t1\t1\t1\t1\t3\t80\t10\t10\t20\t90\t0\n5\t1\t1\t1\t1\t4\t92\t10\t20\t20\t90\t株\n";

        Assert.Equal("乔木3500株", Assert.Single(OcrLayout.FromTsv(tsv).Lines).Text);
    }
}
