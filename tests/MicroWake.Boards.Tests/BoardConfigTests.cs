using MicroWake.Boards;
using Xunit;

namespace MicroWake.Boards.Tests;

public class BoardConfigTests
{
    public static TheoryData<string> CommittedBoards()
    {
        var data = new TheoryData<string>();
        foreach (string name in BoardLoader.Names(Repo.Configs))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void TheFiveBoardsOfTheIssueAreThere()
    {
        var boards = BoardLoader.LoadAll(Repo.Configs);
        Assert.Equal(5, boards.Count);
        Assert.Contains(boards, b => b.Chip == "esp32" && b.Microphone.Part == "INMP441");
        Assert.Contains(boards, b => b.Chip == "esp32s3" && b.Microphone.Part == "INMP441");
        Assert.Contains(boards, b => b.Name == "m5stack-atom-echo" && b.Microphone.Bus == "pdm" && b.StatusLed!.Kind == "addressable");
        Assert.Contains(boards, b => b.Chip.StartsWith("stm32") && b.Microphone.NativeCapture && b.Firmware.Capture == "chibios");
        Assert.Contains(boards, b => b.Chip == "corstone300" && b.KernelBackend == "ethos-u" && b.Runtime == "native");
    }

    [Theory]
    [MemberData(nameof(CommittedBoards))]
    public void EveryCommittedBoardValidates(string name)
    {
        BoardFile board = Repo.Board(name);
        IReadOnlyList<BoardIssue> issues = BoardValidator.Validate(board);
        Assert.True(issues.Count == 0, string.Join("\n", issues));
    }

    [Theory]
    [MemberData(nameof(CommittedBoards))]
    public void EveryBoardStatesItsTimingBasisAndFitsItsBuffer(string name)
    {
        BoardFile board = Repo.Board(name);
        TimingBudget budget = TimingBudget.For(board, ChipRules.For(board.Chip, board.OctalFlashOrPsram)!);
        Assert.False(string.IsNullOrWhiteSpace(board.Timing.Basis));
        Assert.True(budget.FeedWorstMs > 0);
        Assert.True(budget.ReadMs + budget.FeedWorstMs <= budget.BufferMs,
            $"{name}: read {budget.ReadMs} ms + Feed {budget.FeedWorstMs:F1} ms > buffer {budget.BufferMs:F0} ms");
    }

    [Theory]
    [MemberData(nameof(CommittedBoards))]
    public void WiringTableNamesEveryPinInUse(string name)
    {
        BoardFile b = Repo.Board(name);
        ChipRules rules = ChipRules.For(b.Chip, b.OctalFlashOrPsram)!;
        string wiring = string.Join("\n", b.Wiring.Select(w => w.Pin));
        var pins = new[] { b.Microphone.ClockPin, b.Microphone.WordSelectPin, b.Microphone.DataPin, b.Microphone.MasterClockPin }
            .Concat(b.StatusLed == null ? Array.Empty<int>() : new[] { b.StatusLed.Pin, b.StatusLed.RedPin, b.StatusLed.GreenPin, b.StatusLed.BluePin })
            .Concat(b.KeywordActions.Select(a => a.Pin))
            .Where(p => p >= 0);
        foreach (int pin in pins)
        {
            Assert.Matches(@"\b" + rules.PinName(pin) + @"\b", wiring);
        }
    }

    [Fact]
    public void DeviceReadmeCarriesTheCurrentBudgetAndWiringTables()
    {
        string readme = File.ReadAllText(Repo.File("firmware/MicroWake.Device/README.md"));
        var boards = BoardLoader.LoadAll(Repo.Configs);
        Assert.Contains(BudgetTable.Markdown(boards), readme);
        foreach (BoardFile b in boards)
        {
            Assert.Contains(WiringTable.Markdown(b), readme);
        }
    }

    [Fact]
    public void UnknownBoardNameIsAClearError()
    {
        var e = Assert.Throws<UnknownBoardException>(() => BoardLoader.Load(Repo.Configs, "esp32-devkit-typo"));
        Assert.Contains("unknown board 'esp32-devkit-typo'", e.Message);
        Assert.Contains("esp32-devkitc-inmp441", e.Message);
        Assert.Contains("m5stack-atom-echo", e.Message);
        Assert.Throws<UnknownBoardException>(() => BoardLoader.Load(Repo.Configs, "../board-configs/esp32-devkitc-inmp441"));
        Assert.Throws<UnknownBoardException>(() => BoardLoader.Load(Repo.Configs, ""));
    }

    [Fact]
    public void BrokenJsonNamesTheFileAndLine()
    {
        string json = File.ReadAllText(Path.Combine(Repo.Configs, "esp32-devkitc-inmp441.json"));
        string broken = json.Replace("\"clockPin\": 32,", "\"clockPin\": 32");
        var e = Assert.Throws<BoardFileException>(() => BoardLoader.Parse(broken, "boards/x.json"));
        Assert.Contains("boards/x.json", e.Message);
        Assert.Matches(@"\(line \d+\)", e.Message);
    }

    [Fact]
    public void AMisspelledFieldIsRefusedNotIgnored()
    {
        string json = File.ReadAllText(Path.Combine(Repo.Configs, "esp32-devkitc-inmp441.json"));
        string typo = json.Replace("\"dataPin\"", "\"dataPn\"");
        var e = Assert.Throws<BoardFileException>(() => BoardLoader.Parse(typo, "x.json"));
        Assert.Contains("dataPn", e.Message);
    }

    [Fact]
    public void FileNameMustMatchBoardName()
    {
        BoardFile b = Repo.Board("esp32-devkitc-inmp441");
        b.SourcePath = "/somewhere/other-name.json";
        Assert.Contains(BoardValidator.Validate(b), i => i.Rule == "file-name");
    }

    [Fact]
    public void GainIsConvertedToQ8()
    {
        Assert.Equal(256, BoardMapper.GainQ8(0));
        Assert.Equal(4057, BoardMapper.GainQ8(24));   // 256 x 10^(24/20) = 4057.3
        Assert.Equal(512, BoardMapper.GainQ8(20 * Math.Log10(2)));
    }
}
