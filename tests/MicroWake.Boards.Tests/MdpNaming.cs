using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text;

namespace MicroWake.Boards.Tests;

/// <summary>
/// What nanoFramework's MetadataProcessor derives from an interop assembly, re-implemented from its
/// source (metadata-processor: NativeMethodsCrc, nanoSkeletonGenerator, nanoTablesContext.GetOrderedMethods,
/// Crc32): handler names, method-table order and the native checksum. The real MDP run of a device
/// build remains the authority; this lets a test catch a binding and glue that disagree.
/// </summary>
internal static class MdpNaming
{
    public sealed record NativeMethod(string TypeName, string MethodName, int ParameterCount, IReadOnlyList<string> ParameterTypes, string ReturnType, bool IsNative);

    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode code) => code switch
        {
            PrimitiveTypeCode.Void => "VOID",
            PrimitiveTypeCode.Boolean => "BOOLEAN",
            PrimitiveTypeCode.Char => "CHAR",
            PrimitiveTypeCode.SByte => "I1",
            PrimitiveTypeCode.Byte => "U1",
            PrimitiveTypeCode.Int16 => "I2",
            PrimitiveTypeCode.UInt16 => "U2",
            PrimitiveTypeCode.Int32 => "I4",
            PrimitiveTypeCode.UInt32 => "U4",
            PrimitiveTypeCode.Int64 => "I8",
            PrimitiveTypeCode.UInt64 => "U8",
            PrimitiveTypeCode.Single => "R4",
            PrimitiveTypeCode.Double => "R8",
            PrimitiveTypeCode.String => "STRING",
            PrimitiveTypeCode.Object => "OBJECT",
            PrimitiveTypeCode.IntPtr => "I4",
            PrimitiveTypeCode.UIntPtr => "U4",
            _ => throw new NotSupportedException(code.ToString()),
        };

        public string GetSZArrayType(string element) => "SZARRAY_" + element;
        public string GetByReferenceType(string element) => "BYREF_" + element;

        public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle h, byte kind)
        {
            TypeReference t = r.GetTypeReference(h);
            return (r.GetString(t.Namespace) + r.GetString(t.Name)).Replace(".", "");
        }

        public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle h, byte kind)
        {
            TypeDefinition t = r.GetTypeDefinition(h);
            return (r.GetString(t.Namespace) + r.GetString(t.Name)).Replace(".", "");
        }

        public string GetArrayType(string element, ArrayShape shape) => throw new NotSupportedException("multidimensional array");
        public string GetFunctionPointerType(MethodSignature<string> signature) => throw new NotSupportedException();
        public string GetGenericInstantiation(string generic, ImmutableArray<string> args) => throw new NotSupportedException("generics");
        public string GetGenericMethodParameter(object? context, int index) => throw new NotSupportedException("generics");
        public string GetGenericTypeParameter(object? context, int index) => throw new NotSupportedException("generics");
        public string GetModifiedType(string modifier, string unmodified, bool isRequired) => unmodified;
        public string GetPinnedType(string element) => element;
        public string GetPointerType(string element) => throw new NotSupportedException("pointers");
        public string GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle h, byte kind) => throw new NotSupportedException();
    }

    /// <summary>Every method of every type (except &lt;Module&gt;), in the MDP's table order.</summary>
    public static List<NativeMethod> Methods(MetadataReader r)
    {
        var provider = new TypeNames();
        var result = new List<NativeMethod>();
        var types = r.TypeDefinitions.Select(r.GetTypeDefinition)
            .Where(t => r.GetString(t.Name) != "<Module>")
            .OrderBy(t => r.GetString(t.Namespace) + "." + r.GetString(t.Name), StringComparer.Ordinal);
        foreach (TypeDefinition t in types)
        {
            string className = (r.GetString(t.Namespace) + "." + r.GetString(t.Name)).Replace(".", "_");
            var methods = t.GetMethods().Select(r.GetMethodDefinition).ToList();
            bool Virtual(MethodDefinition m) => (m.Attributes & MethodAttributes.Virtual) != 0;
            bool Static(MethodDefinition m) => (m.Attributes & MethodAttributes.Static) != 0;
            var ordered = methods.Where(Virtual).Concat(methods.Where(m => !Virtual(m) && !Static(m))).Concat(methods.Where(Static));
            foreach (MethodDefinition m in ordered)
            {
                MethodSignature<string> sig = m.DecodeSignature(provider, null);
                string name = r.GetString(m.Name) + (Static(m) ? "___STATIC__" : "___") + string.Join("__", new[] { sig.ReturnType }.Concat(sig.ParameterTypes));
                bool native = m.RelativeVirtualAddress == 0 && (m.Attributes & MethodAttributes.Abstract) == 0;
                result.Add(new NativeMethod(className, name.Replace(".", "_").Replace("/", ""), sig.ParameterTypes.Length, sig.ParameterTypes, sig.ReturnType, native));
            }
        }

        return result;
    }

    /// <summary>NativeMethodsCrc over the table, including its quirk: before the first native method the running value reads as 0.</summary>
    public static uint Checksum(string assemblyName, IEnumerable<NativeMethod> methods)
    {
        uint crc = 0;
        int natives = 0;
        foreach (NativeMethod m in methods)
        {
            uint Current() => natives > 0 ? crc : 0u;
            if (m.IsNative)
            {
                crc = Crc32(Encoding.ASCII.GetBytes(assemblyName), Current());
                crc = Crc32(Encoding.ASCII.GetBytes(m.TypeName), Current());
                crc = Crc32(Encoding.ASCII.GetBytes(m.MethodName), Current());
                natives++;
            }
            else
            {
                crc = Crc32(Encoding.ASCII.GetBytes("NULL"), Current());
            }
        }

        return natives > 0 ? crc : 0u;
    }

    /// <summary>CRC-32, polynomial 0x04C11DB7, MSB first, no reflection or final xor (the MDP's Crc32.Compute).</summary>
    public static uint Crc32(byte[] data, uint crc)
    {
        foreach (byte b in data)
        {
            uint c = ((crc >> 24) ^ b) << 24;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 0x80000000u) != 0 ? (c << 1) ^ 0x04C11DB7u : c << 1;
            }

            crc = c ^ (crc << 8);
        }

        return crc;
    }
}
