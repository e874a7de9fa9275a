using System.Globalization;
using System.Text;

namespace MicroWake.Boards;

/// <summary>The per-board loop timing table the device README shows.</summary>
public static class BudgetTable
{
    public static string Markdown(IEnumerable<BoardFile> boards)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.Append("| board | clock | worst Feed (instructions) | worst Feed | read | buffered | headroom | basis |\n");
        s.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (BoardFile b in boards.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            ChipRules? rules = ChipRules.For(b.Chip, b.OctalFlashOrPsram);
            if (rules == null)
            {
                continue;
            }

            TimingBudget t = TimingBudget.For(b, rules);
            string basis = b.Timing.Basis.StartsWith("estimate", StringComparison.Ordinal) ? "estimate"
                : b.Timing.Basis.StartsWith("measured", StringComparison.Ordinal) ? "measured (QEMU)"
                : b.Timing.Basis.Contains("proxy", StringComparison.Ordinal) ? "proxy (QEMU, other core)"
                : "estimate";
            s.Append(string.Create(inv,
                $"| {b.Name} | {b.Timing.CpuMHz:0} MHz | {t.FeedWorstInstructions / 1e6:0.00} M | {t.FeedWorstMs:0.0} ms | {t.ReadMs} ms | {t.BufferMs:0} ms | {t.HeadroomMs:0.0} ms | {basis} |\n"));
        }

        return s.ToString();
    }
}

/// <summary>The wiring table of a board for the device README.</summary>
public static class WiringTable
{
    public static string Markdown(BoardFile board)
    {
        var s = new StringBuilder();
        s.Append("| signal | pin |\n|---|---|\n");
        foreach (WiringRow row in board.Wiring)
        {
            s.Append("| ").Append(row.Signal).Append(" | ").Append(row.Pin).Append(" |\n");
        }

        return s.ToString();
    }
}
