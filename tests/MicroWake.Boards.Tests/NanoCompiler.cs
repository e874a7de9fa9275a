using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MicroWake.Boards.Tests;

/// <summary>Compiles device sources against nanoFramework's mscorlib (CoreLibrary 1.17.11), as the nfproj build would.</summary>
internal static class NanoCompiler
{
    public sealed record Result(byte[] Image, IReadOnlyList<string> Errors);

    public static Result Compile(string assemblyName, IEnumerable<string> files, IEnumerable<byte[]>? references = null, params string[] defines)
    {
        var parse = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: defines);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        var refs = new List<MetadataReference> { MetadataReference.CreateFromFile(Repo.NanoMscorlib) };
        refs.AddRange((references ?? Array.Empty<byte[]>()).Select(r => MetadataReference.CreateFromImage(r)));
        var compilation = CSharpCompilation.Create(assemblyName, trees, refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return new Result(pe.ToArray(), errors);
    }

    /// <summary>Reads an emitted image and hands its metadata to <paramref name="read"/>.</summary>
    public static T Read<T>(byte[] image, Func<MetadataReader, T> read)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        return read(pe.GetMetadataReader());
    }
}
