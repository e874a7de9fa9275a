using Xunit;

namespace MicroWake.Host.Tests;

/// <summary>run-model reproduces every TFLM reference vector byte for byte (tests/data/tflm).</summary>
public class RunModelTests
{
    [Theory]
    [InlineData("micro_speech_quantized")]
    [InlineData("kws_ref_model")]
    [InlineData("str_ww_ref_model")]
    public void ReproducesTflmVectors(string model)
    {
        string vectors = Path.Combine(TestData.Tflm, model);
        string[] inputs = Directory.GetFiles(vectors, "*.input.bin").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.True(inputs.Length >= 20, $"expected the TFLM vectors in {vectors}");
        string outDir = TestData.TempDir();
        var args = new List<string> { "run-model", "--model", TestData.Model(model) };
        foreach (string input in inputs)
        {
            args.Add("--input");
            args.Add(input);
            args.Add("--output");
            args.Add(Path.Combine(outDir, Path.GetFileName(input).Replace(".input.", ".output.")));
        }
        CliResult r = TestData.RunCli(args.ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("arena", r.Out);
        Assert.Contains("input 0", r.Out);

        var mismatches = new List<string>();
        foreach (string input in inputs)
        {
            string name = Path.GetFileName(input).Replace(".input.", ".output.");
            byte[] expected = File.ReadAllBytes(Path.Combine(vectors, name));
            byte[] actual = File.ReadAllBytes(Path.Combine(outDir, name));
            if (!expected.AsSpan().SequenceEqual(actual))
                mismatches.Add($"{name}: expected [{string.Join(",", expected.Select(b => (sbyte)b))}] got [{string.Join(",", actual.Select(b => (sbyte)b))}]");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void PrintsShapesQuantizationAndArena()
    {
        CliResult r = TestData.RunCli("run-model", "--model", TestData.MicroSpeech);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("int8 [1,1960] scale 0.1017157 zero point -128", r.Out);
        Assert.Contains("int8 [1,4] scale 0.00390625 zero point -128", r.Out);
        // TFLM needs 7,312 bytes of arena for this model; MicroWake must not need more.
        var arena = System.Text.RegularExpressions.Regex.Match(r.Out, @"arena (\d+) bytes");
        Assert.True(arena.Success, r.Out);
        Assert.InRange(int.Parse(arena.Groups[1].Value), 1, 7312);
    }

    [Fact]
    public void JsonFormatHasTheSameFacts()
    {
        string dir = TestData.TempDir();
        string vectors = Path.Combine(TestData.Tflm, "micro_speech_quantized");
        CliResult r = TestData.RunCli("run-model", "--model", TestData.MicroSpeech, "--format", "json",
            "--input", Path.Combine(vectors, "024.input.bin"), "--output", Path.Combine(dir, "o.bin"));
        Assert.True(r.Exit == 0, r.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        Assert.Equal(1960, doc.RootElement.GetProperty("inputs")[0].GetProperty("bytes").GetInt32());
        var values = doc.RootElement.GetProperty("runs")[0].GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // 024 is the yes clip: output int8 [-128,-128,127,-128] -> yes = 255/256.
        Assert.Equal(new[] { 0.0, 0.0, 255 / 256.0, 0.0 }, values);
    }
}
