using System.Globalization;

namespace MicroWake.Boards;

/// <summary>One problem in a board file: the pin (when one is at fault), the rule broken and why.</summary>
public sealed record BoardIssue(string Board, int? Pin, string PinName, string Rule, string Message)
{
    public override string ToString() =>
        Pin.HasValue ? $"board '{Board}': {PinName}: {Rule}: {Message}" : $"board '{Board}': {Rule}: {Message}";
}

/// <summary>Checks a board file against its chip's pin rules and the loop timing budget.</summary>
public static class BoardValidator
{
    private sealed record PinUse(int Pin, string Role, bool Output);

    public static IReadOnlyList<BoardIssue> Validate(BoardFile b)
    {
        var issues = new List<BoardIssue>();
        void Add(string rule, string message) => issues.Add(new BoardIssue(b.Name, null, "", rule, message));

        if (b.SourcePath.Length > 0 && Path.GetFileNameWithoutExtension(b.SourcePath) != b.Name)
        {
            Add("file-name", $"the file is {Path.GetFileName(b.SourcePath)} but the board is named '{b.Name}' (they must match)");
        }

        ChipRules? rules = ChipRules.For(b.Chip, b.OctalFlashOrPsram);
        if (rules == null)
        {
            Add("unknown-chip", $"chip '{b.Chip}' is not one of {string.Join(", ", ChipRules.KnownChips)}");
            return issues;
        }

        CheckStructure(b, Add);
        CheckFirmware(b, rules, Add);
        CheckMicrophone(b, rules, Add);
        CheckPins(b, rules, issues);
        if (issues.Count == 0)
        {
            CheckTiming(b, rules, Add);
        }

        return issues;
    }

    private static void CheckStructure(BoardFile b, Action<string, string> add)
    {
        try
        {
            BoardMapper.ToCore(b).Validate();
        }
        catch (ArgumentException e)
        {
            add("structure", e.Message);
        }
    }

    private static void CheckFirmware(BoardFile b, ChipRules rules, Action<string, string> add)
    {
        FirmwareSettings f = b.Firmware;
        if (b.Runtime != "nanoframework" && b.Runtime != "native")
        {
            add("runtime", $"runtime must be nanoframework or native, not '{b.Runtime}'");
        }

        if (b.Runtime == "nanoframework" && f.NfTarget.Length == 0)
        {
            add("firmware", "a nanoFramework board needs firmware.nfTarget (the nf-interpreter preset)");
        }

        if (!rules.KernelBackends.Contains(b.KernelBackend))
        {
            add("kernel-backend", $"'{b.KernelBackend}' does not run on {b.Chip}; use one of {string.Join(", ", rules.KernelBackends)}");
        }

        if (f.ArenaBytes <= 0 || f.ArenaBytes % 16 != 0)
        {
            add("firmware", $"firmware.arenaBytes must be a positive multiple of 16, not {f.ArenaBytes}");
        }

        if (f.ModelRamBytes < 0)
        {
            add("firmware", $"firmware.modelRamBytes must not be negative ({f.ModelRamBytes})");
        }

        bool native = b.Microphone.NativeCapture;
        if (f.Capture != "none" && f.Capture != "chibios")
        {
            add("native-capture", $"firmware.capture must be none or chibios, not '{f.Capture}'");
        }
        else if (rules.ManagedI2s && native)
        {
            add("native-capture", $"{b.Chip} has managed I2S (System.Device.I2s); native capture is for boards without it");
        }
        else if (f.Capture == "chibios" && (!native || !b.Chip.StartsWith("stm32", StringComparison.Ordinal)))
        {
            add("native-capture", "ChibiOS capture is for STM32 boards with microphone.nativeCapture = true");
        }
        else if (b.Runtime == "nanoframework" && !rules.ManagedI2s && f.Capture != "chibios")
        {
            add("native-capture", $"nanoFramework has no managed I2S on {b.Chip}: set firmware.capture to chibios and microphone.nativeCapture");
        }

        if (f.Capture == "chibios")
        {
            if (f.I2sDriver.Length == 0 || f.I2sLineClock.Length == 0 || f.I2sLineWordSelect.Length == 0 || f.I2sLineData.Length == 0)
            {
                add("native-capture", "ChibiOS capture needs firmware.i2sDriver and the three i2sLine* PAL lines");
            }

            long frame = 2L * b.Microphone.BitsPerSample * Math.Max(1, b.Microphone.SampleRate);
            long div = (f.I2sClockHz + frame / 2) / frame;
            if (div / 2 < 2 || div / 2 > 255)
            {
                add("native-capture", $"firmware.i2sClockHz {f.I2sClockHz} cannot make {b.Microphone.SampleRate} Hz (I2SDIV {div / 2} outside 2..255)");
            }
        }
    }

    private static void CheckMicrophone(BoardFile b, ChipRules rules, Action<string, string> add)
    {
        MicrophoneSettings m = b.Microphone;
        if (m.SampleRate != 16000)
        {
            add("sample-rate", $"the models run at 16000 Hz; microphone.sampleRate is {m.SampleRate}");
        }

        if (m.BitsPerSample != 16 && m.BitsPerSample != 32)
        {
            add("mic-format", $"microphone.bitsPerSample must be 16 or 32 (slot width), not {m.BitsPerSample}");
        }

        if (m.SlotMode != "stereo" && m.SlotMode != "mono")
        {
            add("mic-format", $"microphone.slotMode must be stereo or mono, not '{m.SlotMode}'");
        }

        if (m.GainDb < 0 || m.GainDb > 48)
        {
            add("mic-gain", $"microphone.gainDb must be 0..48, not {m.GainDb.ToString(CultureInfo.InvariantCulture)}");
        }

        if (m.ReadMs < 10 || m.ReadMs > 64)
        {
            add("mic-read", $"microphone.readMs must be 10..64 ms (one read blocks every managed thread), not {m.ReadMs}");
        }

        if (m.Bus == "pdm" && (!rules.ManagedI2s || m.Port != 1))
        {
            add("pdm-port", "PDM input needs the ESP32's I2S0, which nanoFramework calls bus 1");
        }

        if (rules.ManagedI2s)
        {
            if (m.Port != 1 && m.Port != 2)
            {
                add("mic-port", $"nanoFramework I2S bus ids are 1 and 2, not {m.Port}");
            }

            // dma_desc_num = BufferSize / (256 frames x 8 bytes) must be 2..128.
            if (m.DmaBufferBytes < 4096 || m.DmaBufferBytes > 128 * 2048 || m.DmaBufferBytes % 2048 != 0)
            {
                add("dma-buffer", $"microphone.dmaBufferBytes must be a multiple of 2048 from 4096 to 262144 (2..128 DMA descriptors), not {m.DmaBufferBytes}");
            }
        }
        else if (m.DmaBufferBytes <= 0 || (m.DmaBufferBytes & (m.DmaBufferBytes - 1)) != 0)
        {
            add("dma-buffer", $"the native capture ring (microphone.dmaBufferBytes) must be a power of two, not {m.DmaBufferBytes}");
        }
    }

    private static List<PinUse> Uses(BoardFile b)
    {
        var uses = new List<PinUse>();
        void Use(int pin, string role, bool output)
        {
            if (pin >= 0)
            {
                uses.Add(new PinUse(pin, role, output));
            }
        }

        MicrophoneSettings m = b.Microphone;
        string clock = m.Bus == "pdm" ? "PDM clock" : "I2S bit clock";
        Use(m.ClockPin, "mic " + clock, true);
        Use(m.WordSelectPin, "mic I2S word select", true);
        Use(m.DataPin, "mic data in", false);
        Use(m.MasterClockPin, "mic I2S master clock", true);
        if (b.StatusLed != null)
        {
            Use(b.StatusLed.Pin, "status LED", true);
            Use(b.StatusLed.RedPin, "status LED red", true);
            Use(b.StatusLed.GreenPin, "status LED green", true);
            Use(b.StatusLed.BluePin, "status LED blue", true);
        }

        foreach (KeywordActionSettings a in b.KeywordActions)
        {
            Use(a.Pin, "keyword action '" + a.Keyword + "'", true);
        }

        return uses;
    }

    private static void CheckPins(BoardFile b, ChipRules rules, List<BoardIssue> issues)
    {
        List<PinUse> uses = Uses(b);
        var reported = new HashSet<(int, string)>();
        void Pin(int pin, string rule, string message)
        {
            if (reported.Add((pin, rule)))
            {
                issues.Add(new BoardIssue(b.Name, pin, rules.PinName(pin), rule, message));
            }
        }

        foreach (PinUse u in uses)
        {
            string name = rules.PinName(u.Pin);
            if (!rules.Exists(u.Pin))
            {
                Pin(u.Pin, "not-a-gpio", $"{name} ({u.Role}) does not exist on {b.Chip}");
                continue;
            }

            if (rules.Reserved.TryGetValue(u.Pin, out ReservedPin? reserved))
            {
                Pin(u.Pin, reserved.Rule, $"{name} ({u.Role}) is {reserved.Why}");
            }

            if (u.Output && rules.InputOnly.Contains(u.Pin))
            {
                string why = u.Role.StartsWith("mic I2S", StringComparison.Ordinal) || u.Role.StartsWith("mic PDM", StringComparison.Ordinal)
                    ? "the ESP32 drives BCK/WS (and the PDM clock) as outputs in master mode"
                    : "it cannot drive an output";
                Pin(u.Pin, "input-only", $"{name} ({u.Role}) is an input-only pin: {why}; only the data-in line may use GPIO34-39");
            }

            if (rules.Strapping.Contains(u.Pin))
            {
                string key = u.Pin.ToString(CultureInfo.InvariantCulture);
                if (!b.StrappingPinReasons.TryGetValue(key, out string? reason) || string.IsNullOrWhiteSpace(reason))
                {
                    Pin(u.Pin, "strapping-pin", $"{name} ({u.Role}) is a strapping pin read at reset; add strappingPinReasons.\"{key}\" saying why this wiring keeps the boot level right");
                }
            }
        }

        foreach (IGrouping<int, PinUse> g in uses.GroupBy(u => u.Pin))
        {
            // Several keyword actions may share one output (the core opens it once).
            List<string> roles = g.Select(u => u.Role.StartsWith("keyword action", StringComparison.Ordinal) ? "keyword actions" : u.Role)
                .Distinct().ToList();
            bool repeated = g.Count(u => !u.Role.StartsWith("keyword action", StringComparison.Ordinal)) > 1;
            if (roles.Count > 1 || repeated)
            {
                Pin(g.Key, "duplicate-pin", $"{rules.PinName(g.Key)} is used more than once: {string.Join(", ", g.Select(u => u.Role))}");
            }
        }

        var used = new HashSet<int>(uses.Select(u => u.Pin));
        foreach (string key in b.StrappingPinReasons.Keys)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int pin) || !used.Contains(pin) || !rules.Strapping.Contains(pin))
            {
                issues.Add(new BoardIssue(b.Name, null, "", "strapping-reason",
                    $"strappingPinReasons has an entry for '{key}', which is not a strapping pin this board uses"));
            }
        }
    }

    private static void CheckTiming(BoardFile b, ChipRules rules, Action<string, string> add)
    {
        TimingSettings t = b.Timing;
        if (t.CpuMHz <= 0 || t.CyclesPerInstruction <= 0 || t.FrontEndInstructionsPerHop <= 0 || t.InferenceInstructions <= 0)
        {
            add("timing-budget", "timing needs cpuMHz, cyclesPerInstruction, frontEndInstructionsPerHop and inferenceInstructions > 0");
            return;
        }

        if (string.IsNullOrWhiteSpace(t.Basis))
        {
            add("timing-budget", "timing.basis must say where the instruction counts come from (benchmark report or estimate)");
        }

        TimingBudget budget = TimingBudget.For(b, rules);
        if (!budget.Fits)
        {
            add("timing-budget", string.Create(CultureInfo.InvariantCulture,
                $"one read ({budget.ReadMs} ms) plus the worst Feed ({budget.FeedWorstMs:F1} ms) exceeds the {budget.BufferMs:F0} ms buffered below the app: raise microphone.dmaBufferBytes or set timing.maxOpsPerFeed"));
        }
    }
}
