using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MicroWake.Core.Tests
{
    public enum NanoIssueKind
    {
        GenericTypeDefinition,
        GenericMethodDefinition,
        GenericInstantiation,
        NullableValueType,
        MultidimensionalArray,
        DefaultInterfaceMethod,
        SystemMath,
        AsyncStateMachine,
        ForeignAssemblyReference,
        PointerType,
    }

    public sealed class NanoIssue
    {
        public NanoIssue(NanoIssueKind kind, string message)
        {
            Kind = kind;
            Message = message;
        }

        public NanoIssueKind Kind { get; }
        public string Message { get; }

        public override string ToString() => Kind + ": " + Message;
    }

    /// <summary>
    /// Finds, in a compiled assembly, what the C# compiler accepts against nanoFramework's mscorlib 1.17.x
    /// but the v1 runtime cannot load or run: generic definitions and instantiations (TypeSpec/MethodSpec
    /// or generic types inside any signature), nullable value types, multidimensional arrays, interface
    /// methods with bodies (default interface methods), System.Math, async state machines, pointers, and
    /// references to assemblies outside an allowed list.
    /// </summary>
    public static class NanoCompatibilityChecker
    {
        public static IReadOnlyList<NanoIssue> Check(string path, params string[] allowedReferences)
        {
            return Check(File.ReadAllBytes(path), allowedReferences);
        }

        public static IReadOnlyList<NanoIssue> Check(byte[] image, params string[] allowedReferences)
        {
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader md = pe.GetMetadataReader();
            var issues = new Issues();
            var allowed = new HashSet<string>(allowedReferences.Length == 0 ? new[] { "mscorlib" } : allowedReferences);

            CheckAssemblyReferences(md, allowed, issues);
            CheckTypeReferences(md, issues);
            CheckTypeDefinitions(md, issues);
            CheckSignatures(md, issues);
            CheckCustomAttributes(md, issues);
            return issues.List;
        }

        private static void CheckAssemblyReferences(MetadataReader md, HashSet<string> allowed, Issues issues)
        {
            foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
            {
                string name = md.GetString(md.GetAssemblyReference(h).Name);
                if (name == "System.Math")
                {
                    issues.Add(NanoIssueKind.SystemMath, "references the System.Math assembly (nanoFramework.System.Math package)");
                }
                else if (!allowed.Contains(name))
                {
                    issues.Add(NanoIssueKind.ForeignAssemblyReference, "references assembly " + name);
                }
            }
        }

        private static void CheckTypeReferences(MetadataReader md, Issues issues)
        {
            foreach (TypeReferenceHandle h in md.TypeReferences)
            {
                TypeReference tr = md.GetTypeReference(h);
                string ns = md.GetString(tr.Namespace);
                string name = md.GetString(tr.Name);
                if (ns == "System" && (name == "Math" || name == "MathF"))
                {
                    issues.Add(NanoIssueKind.SystemMath, "uses System." + name);
                }

                if (IsAsyncType(ns, name))
                {
                    issues.Add(NanoIssueKind.AsyncStateMachine, "uses " + ns + "." + name);
                }
            }
        }

        private static void CheckTypeDefinitions(MetadataReader md, Issues issues)
        {
            foreach (TypeDefinitionHandle h in md.TypeDefinitions)
            {
                TypeDefinition td = md.GetTypeDefinition(h);
                string typeName = FullName(md, td);
                if (td.GetGenericParameters().Count > 0)
                {
                    issues.Add(NanoIssueKind.GenericTypeDefinition, "generic type " + typeName);
                }

                string ns = md.GetString(td.Namespace);
                string name = md.GetString(td.Name);
                if (IsAsyncType(ns, name))
                {
                    issues.Add(NanoIssueKind.AsyncStateMachine, "defines " + typeName);
                }

                foreach (InterfaceImplementationHandle ih in td.GetInterfaceImplementations())
                {
                    string iface = TypeName(md, md.GetInterfaceImplementation(ih).Interface);
                    if (iface.EndsWith("IAsyncStateMachine", StringComparison.Ordinal))
                    {
                        issues.Add(NanoIssueKind.AsyncStateMachine, "async state machine " + typeName);
                    }
                }

                bool isInterface = (td.Attributes & TypeAttributes.Interface) != 0;
                foreach (MethodDefinitionHandle mh in td.GetMethods())
                {
                    MethodDefinition m = md.GetMethodDefinition(mh);
                    string methodName = typeName + "." + md.GetString(m.Name);
                    if (m.GetGenericParameters().Count > 0)
                    {
                        issues.Add(NanoIssueKind.GenericMethodDefinition, "generic method " + methodName);
                    }

                    bool plainAbstract = (m.Attributes & MethodAttributes.Abstract) != 0 && (m.Attributes & MethodAttributes.Static) == 0;
                    if (isInterface && !plainAbstract)
                    {
                        issues.Add(NanoIssueKind.DefaultInterfaceMethod, "interface method with a body or static: " + methodName);
                    }
                }
            }
        }

        private static void CheckSignatures(MetadataReader md, Issues issues)
        {
            var provider = new SignatureScanner(md, issues);
            foreach (TypeSpecificationHandle h in Enumerable.Range(1, md.GetTableRowCount(TableIndex.TypeSpec)).Select(MetadataTokens.TypeSpecificationHandle))
            {
                provider.Context = "type reference";
                md.GetTypeSpecification(h).DecodeSignature(provider, null);
            }

            foreach (MethodSpecificationHandle h in Enumerable.Range(1, md.GetTableRowCount(TableIndex.MethodSpec)).Select(MetadataTokens.MethodSpecificationHandle))
            {
                MethodSpecification spec = md.GetMethodSpecification(h);
                string target = MemberName(md, spec.Method);
                issues.Add(NanoIssueKind.GenericInstantiation, "generic method instantiation " + target);
                provider.Context = target;
                spec.DecodeSignature(provider, null);
            }

            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition td = md.GetTypeDefinition(th);
                string typeName = FullName(md, td);
                foreach (FieldDefinitionHandle fh in td.GetFields())
                {
                    FieldDefinition f = md.GetFieldDefinition(fh);
                    provider.Context = "field " + typeName + "." + md.GetString(f.Name);
                    f.DecodeSignature(provider, null);
                }

                foreach (PropertyDefinitionHandle ph in td.GetProperties())
                {
                    PropertyDefinition p = md.GetPropertyDefinition(ph);
                    provider.Context = "property " + typeName + "." + md.GetString(p.Name);
                    p.DecodeSignature(provider, null);
                }

                foreach (MethodDefinitionHandle mh in td.GetMethods())
                {
                    MethodDefinition m = md.GetMethodDefinition(mh);
                    string methodName = typeName + "." + md.GetString(m.Name);
                    provider.Context = "method " + methodName;
                    m.DecodeSignature(provider, null);
                }
            }

            foreach (MemberReferenceHandle h in md.MemberReferences)
            {
                MemberReference mr = md.GetMemberReference(h);
                provider.Context = "call to " + MemberName(md, h);
                if (mr.GetKind() == MemberReferenceKind.Method)
                {
                    mr.DecodeMethodSignature(provider, null);
                }
                else
                {
                    mr.DecodeFieldSignature(provider, null);
                }
            }

            for (int row = 1; row <= md.GetTableRowCount(TableIndex.StandAloneSig); row++)
            {
                StandaloneSignature sig = md.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
                provider.Context = "local variables";
                if (sig.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    sig.DecodeLocalSignature(provider, null);
                }
                else
                {
                    sig.DecodeMethodSignature(provider, null);
                }
            }
        }

        private static void CheckCustomAttributes(MetadataReader md, Issues issues)
        {
            foreach (CustomAttributeHandle h in md.CustomAttributes)
            {
                CustomAttribute a = md.GetCustomAttribute(h);
                string type = MemberName(md, a.Constructor);
                if (type.Contains("AsyncStateMachineAttribute", StringComparison.Ordinal) || type.Contains("AsyncIteratorStateMachineAttribute", StringComparison.Ordinal))
                {
                    issues.Add(NanoIssueKind.AsyncStateMachine, "async method marked by " + type);
                }
            }
        }

        private static bool IsAsyncType(string ns, string name) =>
            (ns == "System.Runtime.CompilerServices" && (name == "IAsyncStateMachine" || (name.StartsWith("Async", StringComparison.Ordinal) && name.Contains("MethodBuilder", StringComparison.Ordinal))))
            || ns == "System.Threading.Tasks";

        private static string FullName(MetadataReader md, TypeDefinition td)
        {
            string ns = md.GetString(td.Namespace);
            string name = md.GetString(td.Name);
            if (td.IsNested)
            {
                return FullName(md, md.GetTypeDefinition(td.GetDeclaringType())) + "+" + name;
            }

            return ns.Length == 0 ? name : ns + "." + name;
        }

        internal static string TypeName(MetadataReader md, EntityHandle h)
        {
            switch (h.Kind)
            {
                case HandleKind.TypeDefinition:
                    return FullName(md, md.GetTypeDefinition((TypeDefinitionHandle)h));
                case HandleKind.TypeReference:
                    TypeReference tr = md.GetTypeReference((TypeReferenceHandle)h);
                    string ns = md.GetString(tr.Namespace);
                    string name = md.GetString(tr.Name);
                    return ns.Length == 0 ? name : ns + "." + name;
                case HandleKind.TypeSpecification:
                    return "(type spec)";
                default:
                    return h.Kind.ToString();
            }
        }

        private static string MemberName(MetadataReader md, EntityHandle h)
        {
            switch (h.Kind)
            {
                case HandleKind.MethodDefinition:
                    MethodDefinition m = md.GetMethodDefinition((MethodDefinitionHandle)h);
                    return TypeName(md, m.GetDeclaringType()) + "." + md.GetString(m.Name);
                case HandleKind.MemberReference:
                    MemberReference r = md.GetMemberReference((MemberReferenceHandle)h);
                    return TypeName(md, r.Parent) + "." + md.GetString(r.Name);
                default:
                    return h.Kind.ToString();
            }
        }

        private sealed class Issues
        {
            private readonly HashSet<string> _seen = new HashSet<string>();

            public List<NanoIssue> List { get; } = new List<NanoIssue>();

            public void Add(NanoIssueKind kind, string message)
            {
                if (_seen.Add(kind + message))
                {
                    List.Add(new NanoIssue(kind, message));
                }
            }
        }

        /// <summary>Decodes signatures to names and reports the type shapes nanoFramework 1.x lacks.</summary>
        private sealed class SignatureScanner : ISignatureTypeProvider<string, object>
        {
            private readonly MetadataReader _md;
            private readonly Issues _issues;

            public SignatureScanner(MetadataReader md, Issues issues)
            {
                _md = md;
                _issues = issues;
            }

            public string Context { get; set; }

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(reader, handle);

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeName(reader, handle);

            public string GetTypeFromSpecification(MetadataReader reader, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetArrayType(string elementType, ArrayShape shape)
            {
                string name = elementType + "[" + new string(',', shape.Rank - 1) + "]";
                _issues.Add(NanoIssueKind.MultidimensionalArray, name + " in " + Context);
                return name;
            }

            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
            {
                string name = genericType + "<" + string.Join(",", typeArguments) + ">";
                if (genericType == "System.Nullable`1")
                {
                    _issues.Add(NanoIssueKind.NullableValueType, typeArguments[0] + "? in " + Context);
                }
                else
                {
                    _issues.Add(NanoIssueKind.GenericInstantiation, name + " in " + Context);
                }

                return name;
            }

            public string GetGenericTypeParameter(object genericContext, int index) => "!" + index;

            public string GetGenericMethodParameter(object genericContext, int index) => "!!" + index;

            public string GetByReferenceType(string elementType) => elementType + "&";

            public string GetPointerType(string elementType)
            {
                _issues.Add(NanoIssueKind.PointerType, elementType + "* in " + Context);
                return elementType + "*";
            }

            public string GetFunctionPointerType(MethodSignature<string> signature)
            {
                _issues.Add(NanoIssueKind.PointerType, "function pointer in " + Context);
                return "fnptr";
            }

            public string GetPinnedType(string elementType) => elementType;

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        }
    }
}
