using System.Text.Json.Serialization;

namespace MicroWake.Boards;

/// <summary>One board-configs/*.json file, as written. Field meanings: board-configs/README.md.</summary>
public sealed class BoardFile
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>esp32, esp32-pico-d4, esp32s3, stm32f769, corstone300 (see ChipRules).</summary>
    public string Chip { get; set; } = "";
    public string Module { get; set; } = "";
    /// <summary>ESP32-S3 modules with octal flash or PSRAM also use GPIO 33-37.</summary>
    public bool OctalFlashOrPsram { get; set; }
    /// <summary>"nanoframework" (the device app runs there) or "native" (the C engine only).</summary>
    public string Runtime { get; set; } = "";
    public string KernelBackend { get; set; } = "";
    public FirmwareSettings Firmware { get; set; } = new();
    public MicrophoneSettings Microphone { get; set; } = new();
    public LedSettings? StatusLed { get; set; }
    public BlinkSettings? Heartbeat { get; set; }
    public BlinkSettings? FaultPattern { get; set; }
    public List<KeywordColorSettings> KeywordColors { get; set; } = new();
    public List<KeywordActionSettings> KeywordActions { get; set; } = new();
    public List<DetectionSettingsEntry> Detection { get; set; } = new();
    /// <summary>Why each strapping pin in use is safe, keyed by pin number.</summary>
    public Dictionary<string, string> StrappingPinReasons { get; set; } = new();
    public TimingSettings Timing { get; set; } = new();
    public List<WiringRow> Wiring { get; set; } = new();

    /// <summary>File the board was read from (set by the loader).</summary>
    [JsonIgnore]
    public string SourcePath { get; set; } = "";
}

public sealed class FirmwareSettings
{
    /// <summary>nf-interpreter preset / target name; empty for native-only boards.</summary>
    public string NfTarget { get; set; } = "";
    /// <summary>Kconfig lines the target needs on top of its defconfig (config/user-kconfig.conf).</summary>
    public List<string> Kconfig { get; set; } = new();
    /// <summary>MicroWake's own CMake preset for native-only boards.</summary>
    public string CmakePreset { get; set; } = "";
    /// <summary>Kernels for the operators an NPU does not take.</summary>
    public string CpuKernels { get; set; } = "";
    public int ArenaBytes { get; set; }
    public int ModelRamBytes { get; set; }
    /// <summary>none (managed I2S) or chibios (native capture).</summary>
    public string Capture { get; set; } = "none";
    public string I2sDriver { get; set; } = "";
    public long I2sClockHz { get; set; }
    public int I2sAlternateFunction { get; set; }
    public string I2sLineClock { get; set; } = "";
    public string I2sLineWordSelect { get; set; } = "";
    public string I2sLineData { get; set; } = "";
    /// <summary>Target configuration changes the native capture needs (halconf.h / mcuconf.h).</summary>
    public List<string> Mcuconf { get; set; } = new();
}

public sealed class MicrophoneSettings
{
    public string Part { get; set; } = "";
    /// <summary>i2s or pdm.</summary>
    public string Bus { get; set; } = "";
    /// <summary>nanoFramework bus id (ESP32: 1 = I2S0, 2 = I2S1; PDM needs 1).</summary>
    public int Port { get; set; }
    public int ClockPin { get; set; } = -1;
    public int WordSelectPin { get; set; } = -1;
    public int DataPin { get; set; } = -1;
    public int MasterClockPin { get; set; } = -1;
    /// <summary>left or right: the slot the mic drives (its L/R pin).</summary>
    public string Channel { get; set; } = "left";
    /// <summary>Slot width on the bus: 16 or 32.</summary>
    public int BitsPerSample { get; set; }
    public int SampleRate { get; set; }
    /// <summary>stereo: read both slots (RightLeft), pick ours natively; mono: OnlyLeft/OnlyRight.</summary>
    public string SlotMode { get; set; } = "stereo";
    public bool NativeCapture { get; set; }
    /// <summary>Gain applied natively before the engine, 0..48 dB.</summary>
    public double GainDb { get; set; }
    public bool RemoveDc { get; set; }
    /// <summary>Audio buffered below the app: I2S DMA (ESP32 BufferSize) or the native capture ring.</summary>
    public int DmaBufferBytes { get; set; }
    /// <summary>Audio per managed read.</summary>
    public int ReadMs { get; set; }
}

public sealed class LedSettings
{
    public string Name { get; set; } = "";
    /// <summary>mono, rgb or addressable.</summary>
    public string Kind { get; set; } = "mono";
    public int Pin { get; set; } = -1;
    public int RedPin { get; set; } = -1;
    public int GreenPin { get; set; } = -1;
    public int BluePin { get; set; } = -1;
    public bool Pwm { get; set; }
    public bool ActiveLow { get; set; }
}

public sealed class BlinkSettings
{
    public int PeriodMs { get; set; }
    public int OnMs { get; set; }
    public byte Red { get; set; }
    public byte Green { get; set; }
    public byte Blue { get; set; }
}

public sealed class KeywordColorSettings
{
    public string Keyword { get; set; } = "";
    public byte Red { get; set; }
    public byte Green { get; set; }
    public byte Blue { get; set; }
    public int DurationMs { get; set; }
}

public sealed class KeywordActionSettings
{
    public string Keyword { get; set; } = "";
    public int Pin { get; set; } = -1;
    /// <summary>pulse, set, clear or toggle.</summary>
    public string Action { get; set; } = "";
    public int DurationMs { get; set; }
    public bool ActiveLow { get; set; }
}

public sealed class DetectionSettingsEntry
{
    public string Keyword { get; set; } = "";
    public float Threshold { get; set; } = -1;
    public int AverageWindowMs { get; set; } = -1;
    public int MinCount { get; set; } = -1;
    public int SuppressionMs { get; set; } = -1;
}

/// <summary>Inputs of the per-board Feed worst case (see TimingBudget).</summary>
public sealed class TimingSettings
{
    public double CpuMHz { get; set; }
    public double CyclesPerInstruction { get; set; } = 1.0;
    public long FrontEndInstructionsPerHop { get; set; }
    public long InferenceInstructions { get; set; }
    /// <summary>Model hop (20 ms for every shipped model).</summary>
    public int HopMs { get; set; } = 20;
    /// <summary>&gt;0 spreads an inference over several Feed calls (mw_engine_options.max_ops_per_call).</summary>
    public int MaxOpsPerFeed { get; set; }
    /// <summary>Operators in the model, to size a spread inference's share per call.</summary>
    public int ModelOperators { get; set; }
    /// <summary>Where the instruction counts come from: a benchmark report or a stated estimate.</summary>
    public string Basis { get; set; } = "";
}

public sealed class WiringRow
{
    public string Signal { get; set; } = "";
    public string Pin { get; set; } = "";
}
