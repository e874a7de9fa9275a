using System.Diagnostics;
using Xunit;

namespace MicroWake.Host.Tests;

/// <summary>Every mistake gives one clear line on stderr and a non-zero exit, never a stack trace.</summary>
public class CliErrorTests
{
    private static void AssertOneLineError(CliResult r, string expectedText, int exit = 1)
    {
        Assert.True(r.Exit == exit, r.ToString());
        Assert.True(r.ErrLines.Length == 1, r.ToString());
        Assert.StartsWith("error: ", r.ErrLines[0]);
        Assert.Contains(expectedText, r.ErrLines[0]);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("Exception", r.Err);
    }

    [Fact]
    public void MissingWavFile() =>
        AssertOneLineError(TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "nope.wav" }.Concat(TestData.MicroSpeechArgs).ToArray()),
            "nope.wav: file not found");

    [Fact]
    public void NonWavFile()
    {
        string path = Path.Combine(TestData.TempDir(), "text.wav");
        File.WriteAllText(path, "this is not audio at all");
        AssertOneLineError(TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, path }.Concat(TestData.MicroSpeechArgs).ToArray()),
            "not a WAV file");
    }

    [Fact]
    public void WrongSampleRate()
    {
        string path = Path.Combine(TestData.TempDir(), "8k.wav");
        Native.Wav.Write(path, new short[8000], rate: 8000);
        AssertOneLineError(TestData.RunCli("features", "--frontend", "tflm-micro", "--input", path, "--output", path + ".bin"),
            "8000 Hz mono 16-bit PCM");
        Assert.False(File.Exists(path + ".bin"));
    }

    [Fact]
    public void WrongSampleRateIsConvertedWhenAsked()
    {
        string path = Path.Combine(TestData.TempDir(), "8k.wav");
        Native.Wav.Write(path, new short[8000], rate: 8000);
        CliResult r = TestData.RunCli("features", "--frontend", "tflm-micro", "--input", path, "--output", path + ".bin", "--resample");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("converted 8000 Hz mono 16-bit PCM", r.Err);
        Assert.Equal(49 * 40, new FileInfo(path + ".bin").Length);
    }

    [Fact]
    public void MissingModelFile() =>
        AssertOneLineError(TestData.RunCli("run-model", "--model", "missing.tflite"), "model file not found: missing.tflite");

    [Fact]
    public void BadModel()
    {
        string path = Path.Combine(TestData.TempDir(), "bad.tflite");
        var junk = new byte[4096];
        new Random(3).NextBytes(junk);
        File.WriteAllBytes(path, junk);
        AssertOneLineError(TestData.RunCli("run-model", "--model", path), path + ": ");
    }

    [Fact]
    public void TruncatedModel()
    {
        string path = Path.Combine(TestData.TempDir(), "half.tflite");
        byte[] model = File.ReadAllBytes(TestData.MicroSpeech);
        File.WriteAllBytes(path, model.AsSpan(0, model.Length / 2).ToArray());
        AssertOneLineError(TestData.RunCli(new[] { "classify", "--model", path, TestData.Clip("yes_1000ms") }.Concat(TestData.MicroSpeechArgs).ToArray()),
            path + ": ");
    }

    [Fact]
    public void ModelWithoutMetadataNeedsFrontEndAndLabels() =>
        AssertOneLineError(TestData.RunCli("classify", "--model", TestData.MicroSpeech, TestData.Clip("yes_1000ms")),
            "has no MicroWake metadata: pass --frontend");

    [Fact]
    public void WrongLabelCount() =>
        AssertOneLineError(TestData.RunCli("classify", "--model", TestData.MicroSpeech, "--frontend", "tflm-micro", "--labels", "a,b,c", TestData.Clip("yes_1000ms")),
            "3 labels given but the model has 4 outputs");

    [Theory]
    [InlineData("listen", "--frobnicate")]
    [InlineData("classify", "--thresh")]
    [InlineData("run-model", "-x")]
    [InlineData("features", "--model-path")]
    [InlineData("demo", "--verbose")]
    [InlineData("bench", "--fast")]
    public void UnknownOption(string command, string option) =>
        AssertOneLineError(TestData.RunCli(command, option), $"unknown option '{option}' for '{command}'", exit: 2);

    [Fact]
    public void UnknownCommand() => AssertOneLineError(TestData.RunCli("lisen"), "unknown command 'lisen'", exit: 2);

    [Fact]
    public void OptionWithoutValue() => AssertOneLineError(TestData.RunCli("run-model", "--model"), "option '--model' needs a value", exit: 2);

    [Fact]
    public void BadThreshold() =>
        AssertOneLineError(TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "--threshold", "1.5", TestData.Clip("yes_1000ms") }
            .Concat(TestData.MicroSpeechArgs).ToArray()), "--threshold must be a number from 0 to 1", exit: 2);

    [Fact]
    public void ThresholdForAClassTheModelDoesNotHave() =>
        AssertOneLineError(TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "--threshold", "maybe=0.5", TestData.Clip("yes_1000ms") }
            .Concat(TestData.MicroSpeechArgs).ToArray()), "no class 'maybe'", exit: 2);

    [Fact]
    public void DetectionSettingsThatCanNeverFire()
    {
        CliResult r = TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "--min-count", "yes=1000", TestData.Clip("yes_1000ms") }
            .Concat(TestData.MicroSpeechArgs).ToArray());
        AssertOneLineError(r, "min count 1000 can never be reached");
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void WholeNumberOptionsRefuseFractions() =>
        AssertOneLineError(TestData.RunCli(new[] { "classify", "--model", TestData.MicroSpeech, "--suppression-ms", "2.5", TestData.Clip("yes_1000ms") }
            .Concat(TestData.MicroSpeechArgs).ToArray()), "--suppression-ms must be a whole number", exit: 2);

    [Fact]
    public void RunModelInputOfTheWrongSize()
    {
        string dir = TestData.TempDir();
        File.WriteAllBytes(Path.Combine(dir, "in.bin"), new byte[1959]);
        AssertOneLineError(TestData.RunCli("run-model", "--model", TestData.MicroSpeech, "--input", Path.Combine(dir, "in.bin"), "--output", Path.Combine(dir, "out.bin")),
            "1959 bytes, but the model's input takes 1960");
        Assert.False(File.Exists(Path.Combine(dir, "out.bin")));
    }

    [Fact]
    public void UnpairedInputAndOutput() =>
        AssertOneLineError(TestData.RunCli("run-model", "--model", TestData.MicroSpeech, "--input", "a.bin"), "come in pairs", exit: 2);

    [Fact]
    public void ClassifySkipsBadClipsAndRunsTheRest()
    {
        string dir = TestData.TempDir();
        File.Copy(TestData.Clip("yes_1000ms"), Path.Combine(dir, "a_yes.wav"));
        Native.Wav.Write(Path.Combine(dir, "b_8k.wav"), new short[8000], rate: 8000);
        File.Copy(TestData.Clip("no_1000ms"), Path.Combine(dir, "c_no.wav"));
        CliResult r = TestData.RunCli(new[] { "classify", "--model", TestData.MicroSpeech, dir }.Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 1, r.ToString());
        Assert.Equal(2, r.OutLines.Length);
        Assert.Contains("\tyes\t", r.OutLines[0]);
        Assert.Contains("\tno\t", r.OutLines[1]);
        Assert.Contains("b_8k.wav: 8000 Hz mono 16-bit PCM", r.Err);
        Assert.Contains("1 of 3 clip(s) skipped", r.Err);
    }

    [Fact]
    public void NoArgumentsPrintsUsageAndFails()
    {
        CliResult r = TestData.RunCli();
        Assert.Equal(2, r.Exit);
        Assert.Contains("usage: microwake <command>", r.Err);
    }

    [Fact]
    public void HelpForEveryCommand()
    {
        foreach (string command in new[] { "demo", "listen", "classify", "run-model", "features", "bench" })
        {
            CliResult r = TestData.RunCli(command, "--help");
            Assert.True(r.Exit == 0, r.ToString());
            Assert.StartsWith($"usage: microwake {command}", r.Out);
        }
    }

    /// <summary>The real process: exit code and stderr as a user sees them.</summary>
    [Fact]
    public void RealProcessReportsOneLineAndExitCode()
    {
        string app = Path.Combine(AppContext.BaseDirectory, "microwake.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { app, "listen", "--model", "missing.tflite", "--stdin" })
            info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        string stderr = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Equal("error: model file not found: missing.tflite", stderr.Trim());
    }
}
