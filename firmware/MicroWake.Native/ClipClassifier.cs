using MicroWake.Core;

namespace MicroWake.Native;

/// <summary>The verdict on one clip: the label the device would act on, its score, and all scores.</summary>
public sealed class ClipResult
{
    public required string Label { get; init; }
    public required float Score { get; init; }
    public required float[] Scores { get; init; }
}

/// <summary>
/// One inference per clip over its first second (padded with silence when shorter), through the
/// native front end and interpreter: what the classify command and the trainer's clip evaluation run.
/// </summary>
public sealed class ClipClassifier : IDisposable
{
    private readonly NativeInterpreter _interpreter;
    private readonly FrontEndConfig _frontEnd;
    private readonly int _frames;
    private readonly int _frameSize;
    private readonly int _samples;

    public ClipClassifier(byte[] model, ModelSettings settings)
    {
        Settings = settings;
        _frontEnd = settings.FrontEnd.Clone();
        _interpreter = NativeInterpreter.Load(model);
        try
        {
            TensorInfo input = _interpreter.GetInputInfo(0);
            // The features are quantized like the model's input, whatever the settings say.
            _frontEnd.OutScale = input.Scale;
            _frontEnd.OutZeroPoint = input.ZeroPoint;
            using (var probe = new NativeFrontEnd(_frontEnd))
                _frameSize = probe.FrameSize;
            _frames = _frontEnd.FramesPerWindow;
            if (input.Type != "int8" || _frames <= 0 || input.ElementCount != _frames * _frameSize)
                throw new EngineException(8, $"model input {input} does not match {_frames} frames of {_frameSize} {FrontEndConfig.Name(_frontEnd.Kind)} values");
            int outputs = _interpreter.GetOutputInfo(0).ElementCount;
            if (outputs != settings.Labels.Length)
                throw new EngineException(11, $"model has {outputs} outputs but {settings.Labels.Length} labels");
            // At least one second, and at least what one input window of frames spans.
            int span = _frontEnd.WindowSamples + (_frames - 1) * _frontEnd.HopSamples;
            _samples = Math.Max(_frontEnd.SampleRate, span);
        }
        catch
        {
            _interpreter.Dispose();
            throw;
        }
    }

    public ModelSettings Settings { get; }

    /// <summary>Scores (0..1, one per label) of one inference over the clip's first second.</summary>
    public float[] Scores(ReadOnlySpan<short> samples)
    {
        var audio = new short[_samples];
        samples.Slice(0, Math.Min(samples.Length, _samples)).CopyTo(audio);
        FeatureFrames features;
        using (var fe = new NativeFrontEnd(_frontEnd))
            features = fe.Compute(audio);
        if (features.Count < _frames)
            throw new EngineException(16, $"front end gave {features.Count} frames for {_samples} samples; the model needs {_frames}");
        // The window that ends with the last frame: what the streaming engine holds at that moment.
        _interpreter.SetInput(0, features.Values.AsSpan((features.Count - _frames) * _frameSize, _frames * _frameSize));
        _interpreter.Invoke();
        return _interpreter.GetOutputValues(0);
    }

    public ClipResult Classify(ReadOnlySpan<short> samples, float threshold)
    {
        float[] scores = Scores(samples);
        int index = Decide(Settings.Labels, scores, threshold);
        return new ClipResult { Label = Settings.Labels[index], Score = scores[index], Scores = scores };
    }

    /// <summary>
    /// The label the device would act on after one inference: the best keyword when its score
    /// reaches the threshold, otherwise silence or unknown, whichever scores higher (the best
    /// non-keyword label when a model has neither).
    /// </summary>
    public static int Decide(string[] labels, float[] scores, float threshold)
    {
        int bestKeyword = -1, bestOther = -1;
        for (int i = 0; i < labels.Length && i < scores.Length; i++)
        {
            if (DetectionPolicy.IsKeywordLabel(labels[i]))
            {
                if (bestKeyword < 0 || scores[i] > scores[bestKeyword])
                    bestKeyword = i;
            }
            else if (bestOther < 0 || scores[i] > scores[bestOther])
            {
                bestOther = i;
            }
        }
        if (bestKeyword >= 0 && (scores[bestKeyword] >= threshold || bestOther < 0))
            return bestKeyword;
        return bestOther;
    }

    public void Dispose() => _interpreter.Dispose();
}
