using System.Buffers.Binary;
using MicroWake.Core;
using MicroWake.Native;

namespace MicroWake.Host.Commands;

/// <summary>features: the front end's frames for a WAV file, for tests and for debugging a front-end mismatch.</summary>
public static class FeaturesCommand
{
    public static int Run(string[] argv, CliContext context)
    {
        var args = new Args("features", argv, new[] { "--raw", "--resample" },
            new[] { "--frontend", "--model", "--input", "--output" }, allowPositionals: false);
        string input = args.Required("--input");
        string output = args.Required("--output");
        string? frontendName = args.Value("--frontend");
        FrontEndKind kind = FrontEndKind.Mfcc;
        if (frontendName != null && !FrontEndConfig.TryParseName(frontendName, out kind))
            throw CliException.Usage($"--frontend must be mfcc or tflm-micro, not '{frontendName}'");
        string? modelPath = args.Value("--model");
        if (frontendName == null && modelPath == null)
            throw CliException.Usage("features needs --frontend mfcc|tflm-micro (or --model of a MicroWake model)");

        WavAudio audio = Wav.Read(input, args.Flag("--resample"));
        if (audio.Conversion != null)
            context.Err.WriteLine($"note: {input}: {audio.Conversion}");
        FrontEndConfig config = modelPath == null ? FrontEndConfig.Default(kind) : ConfigOfModel(modelPath, frontendName, kind);

        FeatureFrames frames;
        try
        {
            using var fe = new NativeFrontEnd(config);
            frames = fe.Compute(audio.Samples, withRaw: args.Flag("--raw"));
        }
        catch (EngineException e)
        {
            throw new CliException($"front end {FrontEndConfig.Name(config.Kind)}: {e.Message}");
        }

        byte[] bytes;
        string what;
        if (!args.Flag("--raw"))
        {
            bytes = new byte[frames.Values.Length];
            Buffer.BlockCopy(frames.Values, 0, bytes, 0, bytes.Length);
            what = "int8";
        }
        else if (config.Kind == FrontEndKind.TflmMicro)
        {
            float[] raw = frames.Raw!;
            bytes = new byte[raw.Length * 2];
            for (int i = 0; i < raw.Length; i++)
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), (ushort)Math.Clamp(MathF.Round(raw[i]), 0, ushort.MaxValue));
            what = "raw uint16";
        }
        else
        {
            float[] raw = frames.Raw!;
            bytes = new byte[raw.Length * 4];
            for (int i = 0; i < raw.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), raw[i]);
            what = "raw float32";
        }
        RunModelCommand.WriteOutput(output, bytes);
        context.Out.WriteLine($"{input}: {frames.Count} frames x {frames.FrameSize} values ({FrontEndConfig.Name(config.Kind)}, {what}) -> {output}");
        return 0;
    }

    /// <summary>The front end a model runs with: its metadata, or the given front end's defaults
    /// quantized like the model's input.</summary>
    private static FrontEndConfig ConfigOfModel(string path, string? frontendName, FrontEndKind kind)
    {
        byte[] model = ModelOptions.ReadModelFile(path);
        try
        {
            ModelSettings? settings = ModelSettings.Read(model);
            if (settings == null)
            {
                if (frontendName == null)
                    throw new CliException($"{path} has no MicroWake metadata: pass --frontend mfcc|tflm-micro");
                return ModelSettings.ForModelWithoutMetadata(model, kind, null).FrontEnd;
            }
            if (frontendName != null && settings.FrontEnd.Kind != kind)
                throw CliException.Usage($"{path} was made for the {FrontEndConfig.Name(settings.FrontEnd.Kind)} front end; --frontend {frontendName} does not apply");
            return settings.FrontEnd;
        }
        catch (EngineException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }
}
