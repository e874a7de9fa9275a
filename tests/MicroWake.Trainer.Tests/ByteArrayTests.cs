using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace MicroWake.Trainer.Tests;

/// <summary>The generated C and C# arrays hold exactly the committed .tflite bytes, and are current.</summary>
public class ByteArrayTests
{
    static byte[] HexBytes(string text, string startMarker)
    {
        int start = text.IndexOf(startMarker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{startMarker}' not found");
        int end = text.IndexOf("};", start, StringComparison.Ordinal);
        return Regex.Matches(text.Substring(start, end - start), "0x([0-9a-fA-F]{2})")
            .Select(m => byte.Parse(m.Groups[1].Value, NumberStyles.HexNumber)).ToArray();
    }

    [Fact]
    public void CArrayIsByteIdenticalToTflite()
    {
        byte[] model = File.ReadAllBytes(RepoPaths.Tflite);
        string c = File.ReadAllText(Path.Combine(RepoPaths.ModelDir, "yes_no_model.c"));
        Assert.Equal(model, HexBytes(c, "yes_no_model[]"));
        Assert.Contains($"yes_no_model_len = {model.Length}u;", c);
        Assert.Contains("extern const uint8_t yes_no_model[];", File.ReadAllText(Path.Combine(RepoPaths.ModelDir, "yes_no_model.h")));
    }

    [Fact]
    public void CSharpArrayIsByteIdenticalToTflite()
    {
        byte[] model = File.ReadAllBytes(RepoPaths.Tflite);
        string cs = File.ReadAllText(Path.Combine(RepoPaths.ModelDir, "YesNoModel.cs"));
        Assert.Equal(model, HexBytes(cs, "new byte[]"));
    }

    [Fact]
    public void GeneratedArraysAreCurrent()
    {
        byte[] model = File.ReadAllBytes(RepoPaths.Tflite);
        var (h, c) = ByteArrays.C(model, "yes_no", "yes_no.tflite");
        Assert.Equal(h, File.ReadAllText(Path.Combine(RepoPaths.ModelDir, "yes_no_model.h")));
        Assert.Equal(c, File.ReadAllText(Path.Combine(RepoPaths.ModelDir, "yes_no_model.c")));
        Assert.Equal(ByteArrays.CSharp(model, "MicroWake.Models", "YesNoModel", "yes_no.tflite"),
            File.ReadAllText(Path.Combine(RepoPaths.ModelDir, "YesNoModel.cs")));
    }

    [Fact]
    public void ArraysDifferWhenOneByteDiffers()
    {
        byte[] model = File.ReadAllBytes(RepoPaths.Tflite);
        var (_, c) = ByteArrays.C(model, "yes_no", "yes_no.tflite");
        model[model.Length / 2] ^= 0x01;
        Assert.NotEqual(model, HexBytes(c, "yes_no_model[]"));
    }
}
