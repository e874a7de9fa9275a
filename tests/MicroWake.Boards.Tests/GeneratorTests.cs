using MicroWake.Boards;
using Xunit;

namespace MicroWake.Boards.Tests;

public class GeneratorTests
{
    [Fact]
    public void GeneratedFilesAreCurrent()
    {
        var files = BoardsGenerator.GenerateAll(BoardLoader.LoadAll(Repo.Configs));
        Assert.Contains(BoardsGenerator.DeviceCodePath, files.Keys);
        Assert.Contains(BoardsGenerator.PresetsPath, files.Keys);
        foreach ((string path, string text) in files)
        {
            string full = Repo.File(path);
            Assert.True(File.Exists(full), $"{path} is missing: run 'dotnet run --project board-configs/MicroWake.Boards -- generate'");
            Assert.True(File.ReadAllText(full) == text,
                $"{path} is out of date: run 'dotnet run --project board-configs/MicroWake.Boards -- generate'");
        }

        // No generated Kconfig overlay is left over from a board that no longer needs one.
        foreach (string conf in Directory.GetFiles(Repo.File(BoardsGenerator.KconfigDirectory), "*.conf"))
        {
            Assert.Contains(BoardsGenerator.KconfigDirectory + "/" + Path.GetFileName(conf), files.Keys);
        }
    }

    [Fact]
    public void DeviceCodeHasEveryNanoFrameworkBoardAndNoOther()
    {
        var boards = BoardLoader.LoadAll(Repo.Configs);
        string code = BoardsGenerator.DeviceCode(boards);
        foreach (BoardFile b in boards)
        {
            Assert.Equal(b.Runtime == "nanoframework", code.Contains("if (name == \"" + b.Name + "\")"));
        }
    }

    [Fact]
    public void ChangingABoardChangesTheGeneratedCode()
    {
        var boards = BoardLoader.LoadAll(Repo.Configs).ToList();
        string before = BoardsGenerator.DeviceCode(boards);
        boards.Single(b => b.Name == "esp32-devkitc-inmp441").Microphone.DataPin = 34;
        string after = BoardsGenerator.DeviceCode(boards);
        Assert.NotEqual(before, after);
        Assert.Contains("mic.DataPin = 34;", after);
    }

    [Fact]
    public void PresetsAddTheInteropForEveryNanoFrameworkBoard()
    {
        var boards = BoardLoader.LoadAll(Repo.Configs);
        string presets = BoardsGenerator.Presets(boards);
        using var doc = System.Text.Json.JsonDocument.Parse(presets);
        var configure = doc.RootElement.GetProperty("configurePresets").EnumerateArray().ToList();
        Assert.Equal(boards.Count(b => b.Runtime == "nanoframework"), configure.Count);
        foreach (var preset in configure)
        {
            var cache = preset.GetProperty("cacheVariables");
            Assert.Equal("MicroWake.Device.Native", cache.GetProperty("NF_INTEROP_ASSEMBLIES").GetString());
            Assert.Equal("${fileDir}", cache.GetProperty("INTEROP-MicroWake.Device.Native_DIR").GetString());
        }

        var stm = configure.Single(p => p.GetProperty("name").GetString() == "MicroWake-stm32f769i-discovery-inmp441");
        Assert.Equal("chibios", stm.GetProperty("cacheVariables").GetProperty("MW_NF_CAPTURE").GetString());
        Assert.Equal("LINE_ARD_D13", stm.GetProperty("cacheVariables").GetProperty("MW_NF_I2S_LINE_CK").GetString());
        // The budget's buffer for native capture is the ring the firmware is built with.
        Assert.Equal(boards.Single(b => b.Name == "stm32f769i-discovery-inmp441").Microphone.DmaBufferBytes.ToString(),
            stm.GetProperty("cacheVariables").GetProperty("MW_NF_CAPTURE_RING_BYTES").GetString());
    }

    [Fact]
    public void InvalidBoardsAreNotGenerated()
    {
        BoardFile b = Repo.Board("esp32-devkitc-inmp441");
        b.Chip = "esp8266";
        Assert.Throws<ArgumentException>(() => BoardsGenerator.DeviceCode(new[] { b }));
    }
}
