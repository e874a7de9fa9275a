using Xunit;

namespace MicroWake.Host.Tests;

/// <summary>The features command against TFLM's micro frontend goldens (legacy_window17_53).</summary>
public class FeaturesTests
{
    public static IEnumerable<object[]> Clips() =>
        Directory.GetFiles(Path.Combine(TestData.Tflm, "microfrontend", "legacy_window17_53"), "*.features_int8.bin")
            .Select(f => Path.GetFileName(f).Replace(".features_int8.bin", ""))
            .Where(c => File.Exists(TestData.Clip(c)))
            .OrderBy(c => c, StringComparer.Ordinal)
            .Select(c => new object[] { c });

    [Fact]
    public void GoldensArePresent() => Assert.True(Clips().Count() >= 5);

    [Theory]
    [MemberData(nameof(Clips))]
    public void Int8FeaturesMatchTflm(string clip)
    {
        string output = Path.Combine(TestData.TempDir(), clip + ".bin");
        CliResult r = TestData.RunCli("features", "--frontend", "tflm-micro", "--input", TestData.Clip(clip), "--output", output);
        Assert.True(r.Exit == 0, r.ToString());
        AssertSameBytes(Path.Combine(TestData.Tflm, "microfrontend", "legacy_window17_53", clip + ".features_int8.bin"), output, 1);
    }

    [Theory]
    [MemberData(nameof(Clips))]
    public void RawFeaturesMatchTflm(string clip)
    {
        string output = Path.Combine(TestData.TempDir(), clip + ".u16");
        CliResult r = TestData.RunCli("features", "--frontend", "tflm-micro", "--input", TestData.Clip(clip), "--output", output, "--raw");
        Assert.True(r.Exit == 0, r.ToString());
        AssertSameBytes(Path.Combine(TestData.Tflm, "microfrontend", "legacy_window17_53", clip + ".frontend_u16.bin"), output, 2);
    }

    [Fact]
    public void ModelWithoutMetadataUsesItsInputQuantization()
    {
        // micro_speech's input is the micro frontend's int8 features: same bytes as without --model.
        string a = Path.Combine(TestData.TempDir(), "a.bin"), b = Path.Combine(TestData.TempDir(), "b.bin");
        Assert.Equal(0, TestData.RunCli("features", "--frontend", "tflm-micro", "--input", TestData.Clip("no_1000ms"), "--output", a).Exit);
        CliResult r = TestData.RunCli("features", "--frontend", "tflm-micro", "--model", TestData.MicroSpeech, "--input", TestData.Clip("no_1000ms"), "--output", b);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void MfccDefaultsGiveFramesOfTenCoefficients()
    {
        string output = Path.Combine(TestData.TempDir(), "mfcc.bin");
        CliResult r = TestData.RunCli("features", "--frontend", "mfcc", "--input", TestData.Clip("yes_1000ms"), "--output", output);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("49 frames x 10 values", r.Out);
        byte[] features = File.ReadAllBytes(output);
        Assert.Equal(490, features.Length);
        Assert.True(features.Distinct().Count() > 20, "MFCC features of speech should vary");
        string raw = Path.Combine(TestData.TempDir(), "mfcc.f32");
        Assert.Equal(0, TestData.RunCli("features", "--frontend", "mfcc", "--input", TestData.Clip("yes_1000ms"), "--output", raw, "--raw").Exit);
        Assert.Equal(490 * 4, new FileInfo(raw).Length);
    }

    private static void AssertSameBytes(string expectedPath, string actualPath, int valueBytes)
    {
        byte[] expected = File.ReadAllBytes(expectedPath), actual = File.ReadAllBytes(actualPath);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                int value = i / valueBytes;
                Assert.Fail($"{Path.GetFileName(expectedPath)}: first difference at frame {value / 40}, value {value % 40}");
            }
        }
    }
}
