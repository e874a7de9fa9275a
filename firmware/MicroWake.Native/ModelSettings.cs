using System.Text;
using MicroWake.Core;

namespace MicroWake.Native;

/// <summary>
/// What a model needs besides its weights (mw_model_settings): the front-end configuration,
/// the class labels and the detection defaults. MicroWake models carry these in their
/// "microwake" metadata entry; for other models (TFLM's micro_speech) the caller builds them
/// with <see cref="ForModelWithoutMetadata"/>.
/// </summary>
public sealed class ModelSettings
{
    public required FrontEndConfig FrontEnd { get; set; }
    public required string[] Labels { get; set; }
    public int InferEveryHops { get; set; } = 1;
    public float Threshold { get; set; } = 0.8f;
    public int AverageWindowMs { get; set; } = 1000;
    public int MinCount { get; set; } = 3;
    public int SuppressionMs { get; set; } = 1500;

    /// <summary>
    /// Reads the "microwake" metadata entry. The feature quantization (FrontEnd.OutScale and
    /// OutZeroPoint) is not in the metadata: it is taken from the model's input tensor, as the
    /// engine does. Returns null when the model has no entry; throws EngineException when the entry
    /// is malformed or the model cannot be loaded.
    /// </summary>
    public static unsafe ModelSettings? Read(byte[] model)
    {
        MwModelSettings s;
        MwDiag diag = default;
        int status;
        fixed (byte* m = model)
            status = NativeMethods.mw_model_read_settings(m, (nuint)model.Length, &s, &diag);
        if (status == NativeMethods.MW_ERR_NOT_FOUND)
            return null;
        NativeStatus.Check(status, "MicroWake metadata", &diag);
        ModelSettings settings = From(s);
        using (var interp = NativeInterpreter.Load(model))
        {
            TensorInfo input = interp.GetInputInfo(0);
            settings.FrontEnd.OutScale = input.Scale;
            settings.FrontEnd.OutZeroPoint = input.ZeroPoint;
        }
        return settings;
    }

    /// <summary>
    /// Settings for a model without MicroWake metadata: the given front end's defaults, with the
    /// feature quantization and the window length taken from the model's input tensor, and the
    /// given labels (null: "class0", "class1", ...). Detection defaults are those of micro_speech's recognizer (1 s average,
    /// threshold 200/255, 3 inferences, 1.5 s suppression).
    /// </summary>
    public static ModelSettings ForModelWithoutMetadata(byte[] model, FrontEndKind kind, string[]? labels)
    {
        FrontEndConfig fe = FrontEndConfig.Default(kind);
        TensorInfo input;
        int outputs;
        using (var interp = NativeInterpreter.Load(model))
        {
            if (interp.InputCount != 1)
                throw new EngineException(1, $"model has {interp.InputCount} inputs; a keyword model has one");
            input = interp.GetInputInfo(0);
            outputs = interp.GetOutputInfo(0).ElementCount;
        }
        int frameSize = fe.FrameSize;
        if (frameSize <= 0 || input.ElementCount % frameSize != 0)
            throw new EngineException(12, $"model input {input} does not hold whole frames of {frameSize} {FrontEndConfig.Name(kind)} values");
        labels ??= Enumerable.Range(0, outputs).Select(i => $"class{i}").ToArray();
        if (labels.Length != outputs)
            throw new EngineException(1, $"{labels.Length} labels given but the model has {outputs} outputs");
        fe.FramesPerWindow = input.ElementCount / frameSize;
        fe.OutScale = input.Scale;
        fe.OutZeroPoint = input.ZeroPoint;
        return new ModelSettings
        {
            FrontEnd = fe,
            Labels = labels,
            InferEveryHops = 1,
            Threshold = 200f / 255f,
            AverageWindowMs = 1000,
            MinCount = 3,
            SuppressionMs = 1500,
        };
    }

    public ModelDefaults ToDefaults() => new()
    {
        Threshold = Threshold,
        AverageWindowMs = AverageWindowMs,
        MinCount = MinCount,
        SuppressionMs = SuppressionMs,
        InferEveryHops = InferEveryHops,
        HopMs = FrontEnd.SampleRate > 0 ? FrontEnd.HopSamples * 1000 / FrontEnd.SampleRate : 0,
        SampleRate = FrontEnd.SampleRate,
    };

    internal static unsafe ModelSettings From(in MwModelSettings s)
    {
        int count = Math.Clamp(s.LabelCount, 0, MwModelSettings.MaxLabels);
        var labels = new string[count];
        fixed (byte* all = s.Labels)
        {
            for (int i = 0; i < count; i++)
                labels[i] = NativeStatus.FixedString(all + i * MwModelSettings.MaxLabelLen, MwModelSettings.MaxLabelLen);
        }
        return new ModelSettings
        {
            FrontEnd = FrontEndConfig.From(s.Frontend),
            Labels = labels,
            InferEveryHops = s.InferEveryHops,
            Threshold = s.Threshold,
            AverageWindowMs = s.AverageWindowMs,
            MinCount = s.MinCount,
            SuppressionMs = s.SuppressionMs,
        };
    }

    internal unsafe MwModelSettings ToNative()
    {
        if (Labels.Length > MwModelSettings.MaxLabels)
            throw new EngineException(1, $"{Labels.Length} labels; at most {MwModelSettings.MaxLabels} are supported");
        var s = new MwModelSettings
        {
            Frontend = FrontEnd.ToNative(),
            LabelCount = Labels.Length,
            InferEveryHops = InferEveryHops,
            Threshold = Threshold,
            AverageWindowMs = AverageWindowMs,
            MinCount = MinCount,
            SuppressionMs = SuppressionMs,
        };
        for (int i = 0; i < Labels.Length; i++)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(Labels[i]);
            if (utf8.Length >= MwModelSettings.MaxLabelLen)
                throw new EngineException(1, $"label '{Labels[i]}' is longer than {MwModelSettings.MaxLabelLen - 1} bytes");
            for (int j = 0; j < utf8.Length; j++)
                s.Labels[i * MwModelSettings.MaxLabelLen + j] = utf8[j];
        }
        return s;
    }
}
