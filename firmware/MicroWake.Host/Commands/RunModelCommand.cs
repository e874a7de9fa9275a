using System.Text.Json;
using MicroWake.Core;
using MicroWake.Native;

namespace MicroWake.Host.Commands;

/// <summary>run-model: raw tensors in, raw tensors out, so any runtime can be compared with MicroWake's.</summary>
public static class RunModelCommand
{
    public static int Run(string[] argv, CliContext context)
    {
        var args = new Args("run-model", argv, Array.Empty<string>(), new[] { "--model", "--input", "--output", "--format" }, allowPositionals: false);
        bool json = args.Choice("--format", "text", "text", "json") == "json";
        string path = args.Required("--model");
        IReadOnlyList<string> inputs = args.Values("--input"), outputs = args.Values("--output");
        if (inputs.Count != outputs.Count)
            throw CliException.Usage($"--input and --output come in pairs ({inputs.Count} --input, {outputs.Count} --output)");
        // Read every input first: a bad file is reported before anything is written.
        var data = inputs.Select(ReadInput).ToList();

        NativeInterpreter interp = ModelOptions.LoadInterpreter(path, out byte[] model);

        using (interp)
        {
            var inInfo = Enumerable.Range(0, interp.InputCount).Select(interp.GetInputInfo).ToList();
            var outInfo = Enumerable.Range(0, interp.OutputCount).Select(interp.GetOutputInfo).ToList();
            int inputBytes = inInfo.Sum(t => t.Bytes);
            if (!json)
            {
                context.Out.WriteLine($"model {path}: {model.Length} bytes, {interp.OperatorCount} operators, {interp.Macs} MACs, arena {interp.ArenaBytes} bytes");
                for (int i = 0; i < inInfo.Count; i++)
                    context.Out.WriteLine($"  input {i} '{inInfo[i].Name}': {inInfo[i]}");
                for (int i = 0; i < outInfo.Count; i++)
                    context.Out.WriteLine($"  output {i} '{outInfo[i].Name}': {outInfo[i]}");
            }

            var runs = new List<Dictionary<string, object>>();
            for (int r = 0; r < data.Count; r++)
            {
                byte[] bytes = data[r];
                if (bytes.Length != inputBytes)
                    throw new CliException($"{inputs[r]}: {bytes.Length} bytes, but the model's input{(inInfo.Count > 1 ? "s take" : " takes")} {inputBytes}");
                int offset = 0;
                for (int i = 0; i < inInfo.Count; i++)
                {
                    interp.SetInput(i, bytes.AsSpan(offset, inInfo[i].Bytes));
                    offset += inInfo[i].Bytes;
                }
                interp.Invoke();
                var result = new List<byte>();
                var values = new List<float>();
                for (int o = 0; o < outInfo.Count; o++)
                {
                    byte[] raw = interp.GetOutput(o);
                    result.AddRange(raw);
                    values.AddRange(NativeInterpreter.Dequantize(raw, outInfo[o]));
                }
                WriteOutput(outputs[r], result.ToArray());
                if (json)
                {
                    runs.Add(new() { ["input"] = inputs[r], ["output"] = outputs[r], ["values"] = values.Select(v => (double)v).ToArray() });
                }
                else
                {
                    string shown = values.Count <= 16 ? ": " + string.Join(" ", values.Select(v => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture))) : "";
                    context.Out.WriteLine($"{inputs[r]} -> {outputs[r]} ({result.Count} bytes){shown}");
                }
            }

            if (json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["model"] = path,
                    ["model_bytes"] = model.Length,
                    ["operators"] = interp.OperatorCount,
                    ["macs"] = interp.Macs,
                    ["arena_bytes"] = interp.ArenaBytes,
                    ["inputs"] = inInfo.Select(Describe).ToArray(),
                    ["outputs"] = outInfo.Select(Describe).ToArray(),
                    ["runs"] = runs,
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
        }
        return 0;
    }

    private static Dictionary<string, object> Describe(TensorInfo t) => new()
    {
        ["name"] = t.Name, ["type"] = t.Type, ["shape"] = t.Shape, ["bytes"] = t.Bytes, ["scale"] = t.Scale, ["zero_point"] = t.ZeroPoint,
    };

    private static byte[] ReadInput(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
        {
            throw new CliException($"input file not found: {path}");
        }
    }

    internal static void WriteOutput(string path, byte[] bytes)
    {
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {e.Message}");
        }
    }
}
