using MicroWake.Boards;
using Xunit;

namespace MicroWake.Boards.Tests;

/// <summary>Each rule rejects a crafted bad board, with a message naming the pin and the rule.</summary>
public class PinRuleTests
{
    private static BoardIssue Single(BoardFile b, string rule, int pin)
    {
        IReadOnlyList<BoardIssue> issues = BoardValidator.Validate(b);
        BoardIssue? issue = issues.FirstOrDefault(i => i.Rule == rule && i.Pin == pin);
        Assert.True(issue != null, $"expected {rule} on pin {pin}, got:\n" + string.Join("\n", issues));
        string text = issue!.ToString();
        Assert.Contains(rule, text);
        Assert.Contains($"{issue.PinName}: {rule}:", text);
        Assert.Contains(b.Name, text);
        return issue;
    }

    private static void NoIssues(BoardFile b)
    {
        IReadOnlyList<BoardIssue> issues = BoardValidator.Validate(b);
        Assert.True(issues.Count == 0, string.Join("\n", issues));
    }

    private static BoardFile Esp32() => Repo.Board("esp32-devkitc-inmp441");

    private static BoardFile Esp32S3() => Repo.Board("esp32s3-devkitc-inmp441");

    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    [InlineData(11)]
    public void Esp32FlashPinsAreRefused(int pin)
    {
        BoardFile b = Esp32();
        b.StatusLed!.Pin = pin;
        Assert.Contains("GPIO" + pin, Single(b, "flash-pin", pin).Message);
    }

    [Fact]
    public void PicoD4AlsoReservesItsEmbeddedFlashPins()
    {
        BoardFile b = Repo.Board("m5stack-atom-echo");
        b.StatusLed!.Pin = 17;
        Assert.Contains("PICO-D4", Single(b, "flash-pin", 17).Message);
    }

    [Fact]
    public void InputOnlyPinCannotBeTheI2sBitClock()
    {
        BoardFile b = Esp32();
        b.Microphone.ClockPin = 35;
        string message = Single(b, "input-only", 35).Message;
        Assert.Contains("GPIO35", message);
        Assert.Contains("master mode", message);
    }

    [Fact]
    public void InputOnlyPinCannotBeWordSelectOrAnOutput()
    {
        BoardFile b = Esp32();
        b.Microphone.WordSelectPin = 36;
        b.KeywordActions[0].Pin = 39;
        Single(b, "input-only", 36);
        Single(b, "input-only", 39);
    }

    [Fact]
    public void InputOnlyPinIsFineForI2sDataIn()
    {
        BoardFile b = Esp32();
        b.Microphone.DataPin = 34;
        NoIssues(b);
    }

    [Fact]
    public void StrappingPinNeedsAReason()
    {
        BoardFile b = Esp32();
        b.KeywordActions[0].Pin = 12;
        string message = Single(b, "strapping-pin", 12).Message;
        Assert.Contains("strappingPinReasons", message);

        b.StrappingPinReasons["12"] = "relay driver input has a pull-down: GPIO12 stays low at reset (3.3 V flash)";
        NoIssues(b);
    }

    [Fact]
    public void TheCommittedGpio2LedWithoutItsReasonIsRefused()
    {
        BoardFile b = Esp32();
        b.StrappingPinReasons.Clear();
        Single(b, "strapping-pin", 2);
    }

    [Fact]
    public void AReasonForAPinThatIsNotAStrappingPinInUseIsRefused()
    {
        BoardFile b = Esp32();
        b.StrappingPinReasons["4"] = "stale";
        Assert.Contains(BoardValidator.Validate(b), i => i.Rule == "strapping-reason" && i.Message.Contains("'4'"));
    }

    [Fact]
    public void DuplicatePinsAreRefused()
    {
        BoardFile b = Esp32();
        b.KeywordActions[0].Pin = b.Microphone.DataPin;
        string message = Single(b, "duplicate-pin", 33).Message;
        Assert.Contains("mic data in", message);
        Assert.Contains("keyword action 'yes'", message);
    }

    [Fact]
    public void KeywordActionsMayShareAnOutput()
    {
        BoardFile b = Esp32();
        b.KeywordActions[1].Pin = b.KeywordActions[0].Pin;
        NoIssues(b);
    }

    [Fact]
    public void LedAndMicClockOnOnePinIsADuplicate()
    {
        BoardFile b = Esp32();
        b.StatusLed!.Pin = b.Microphone.ClockPin;
        Single(b, "duplicate-pin", 32);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(24)]
    [InlineData(40)]
    public void PinsTheEsp32DoesNotHaveAreRefused(int pin)
    {
        BoardFile b = Esp32();
        b.KeywordActions[0].Pin = pin;
        Single(b, "not-a-gpio", pin);
    }

    [Fact]
    public void ConsoleUartPinsAreRefused()
    {
        BoardFile b = Esp32();
        b.KeywordActions[0].Pin = 1;
        Assert.Contains("wire protocol", Single(b, "console-pin", 1).Message);
    }

    [Theory]
    [InlineData(26)]
    [InlineData(30)]
    [InlineData(32)]
    public void Esp32S3FlashPinsAreRefused(int pin)
    {
        BoardFile b = Esp32S3();
        b.KeywordActions[0].Pin = pin;
        Single(b, "flash-pin", pin);
    }

    [Fact]
    public void Esp32S3OctalModulesAlsoReserve33To37()
    {
        BoardFile b = Esp32S3();
        b.KeywordActions[0].Pin = 35;
        Single(b, "psram-pin", 35);

        b.OctalFlashOrPsram = false;
        NoIssues(b);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(20)]
    public void Esp32S3UsbPinsAreRefused(int pin)
    {
        BoardFile b = Esp32S3();
        b.Microphone.DataPin = pin;
        Single(b, "usb-pin", pin);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(45)]
    [InlineData(46)]
    public void Esp32S3StrappingPinsNeedAReason(int pin)
    {
        BoardFile b = Esp32S3();
        b.KeywordActions[1].Pin = pin;
        Single(b, "strapping-pin", pin);
    }

    [Fact]
    public void Esp32S3HasNoInputOnlyPins()
    {
        BoardFile b = Esp32S3();
        b.Microphone.ClockPin = 38;
        NoIssues(b);
    }

    [Fact]
    public void Esp32StrappingPinsAreNotS3StrappingPins()
    {
        BoardFile b = Esp32S3();
        b.KeywordActions[0].Pin = 12;
        b.KeywordActions[1].Pin = 15;
        NoIssues(b);
    }

    [Fact]
    public void Stm32SwdAndConsolePinsAreRefusedWithPortNames()
    {
        BoardFile b = Repo.Board("stm32f769i-discovery-inmp441");
        b.KeywordActions[0].Pin = 13;
        b.KeywordActions[1].Pin = 9;
        Assert.Equal("PA13", Single(b, "debug-pin", 13).PinName);
        Assert.Equal("PA9", Single(b, "console-pin", 9).PinName);
    }

    [Fact]
    public void KernelBackendMustRunOnTheChip()
    {
        BoardFile b = Esp32();
        b.KernelBackend = "mve";
        Assert.Contains(BoardValidator.Validate(b), i => i.Rule == "kernel-backend" && i.Message.Contains("esp32"));
    }

    [Fact]
    public void TooLittleDmaBufferingForTheWorstFeedIsRefused()
    {
        BoardFile b = Esp32();
        b.Microphone.DmaBufferBytes = 4096; // 32 ms < 20 ms read + ~49 ms Feed
        BoardIssue issue = BoardValidator.Validate(b).Single(i => i.Rule == "timing-budget");
        Assert.Contains("dmaBufferBytes", issue.Message);

        // Spreading the inference over several Feed calls makes it fit again.
        b.Timing.MaxOpsPerFeed = 2;
        b.Timing.ModelOperators = 16;
        NoIssues(b);
    }

    [Fact]
    public void PdmNeedsI2s0()
    {
        BoardFile b = Repo.Board("m5stack-atom-echo");
        b.Microphone.Port = 2;
        Assert.Contains(BoardValidator.Validate(b), i => i.Rule == "pdm-port");
    }

    [Fact]
    public void NativeCaptureIsForBoardsWithoutManagedI2s()
    {
        BoardFile esp = Esp32();
        esp.Microphone.NativeCapture = true;
        Assert.Contains(BoardValidator.Validate(esp), i => i.Rule == "native-capture");

        BoardFile stm = Repo.Board("stm32f769i-discovery-inmp441");
        stm.Firmware.Capture = "none";
        Assert.Contains(BoardValidator.Validate(stm), i => i.Rule == "native-capture");
    }

    [Fact]
    public void I2sClockThatCannotMake16kHzIsRefused()
    {
        BoardFile stm = Repo.Board("stm32f769i-discovery-inmp441");
        stm.Firmware.I2sClockHz = 1_000_000;
        Assert.Contains(BoardValidator.Validate(stm), i => i.Rule == "native-capture" && i.Message.Contains("I2SDIV"));
    }

    [Fact]
    public void MicrophoneFormatRulesApply()
    {
        BoardFile b = Esp32();
        b.Microphone.SampleRate = 44100;
        b.Microphone.BitsPerSample = 24;
        b.Microphone.GainDb = 60;
        b.Microphone.DmaBufferBytes = 5000;
        IReadOnlyList<BoardIssue> issues = BoardValidator.Validate(b);
        Assert.Contains(issues, i => i.Rule == "sample-rate");
        Assert.Contains(issues, i => i.Rule == "mic-format");
        Assert.Contains(issues, i => i.Rule == "mic-gain");
        Assert.Contains(issues, i => i.Rule == "dma-buffer");
    }

    [Fact]
    public void UnknownChipIsRefused()
    {
        BoardFile b = Esp32();
        b.Chip = "esp8266";
        Assert.Contains(BoardValidator.Validate(b), i => i.Rule == "unknown-chip" && i.Message.Contains("esp8266"));
    }

    [Fact]
    public void CoreStructureRulesApplyToo()
    {
        BoardFile b = Esp32();
        b.KeywordColors[0].DurationMs = 0;
        Assert.Contains(BoardValidator.Validate(b), i => i.Rule == "structure");
    }
}
