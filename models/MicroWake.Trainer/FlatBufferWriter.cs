using System.Text;

namespace MicroWake.Trainer;

/// <summary>
/// A small FlatBuffers serializer for the TFLite export. Objects are described as a tree
/// (tables, vectors, strings) and written front to back: a parent first, its children after it,
/// so every offset (uoffset_t) points forward as the format requires. Each table's vtable is
/// written just before the table. Scalars are little-endian and naturally aligned.
/// </summary>
public static class Fb
{
    public abstract class Node { }

    /// <summary>A table; fields are (slot index, value), value being a Scalar or a Node.</summary>
    public sealed class Table : Node
    {
        public readonly List<(int Slot, object Value)> Fields = new();

        public Table Add(int slot, object? value)
        {
            if (value != null) { Fields.Add((slot, value)); }
            return this;
        }
    }

    /// <summary>An inline scalar field: its little-endian bytes.</summary>
    public sealed class Scalar
    {
        public readonly byte[] Bytes;
        public Scalar(byte[] bytes) { Bytes = bytes; }
    }

    public static Scalar U8(byte v) => new(new[] { v });
    public static Scalar I32(int v) => new(BitConverter.GetBytes(v));
    public static Scalar U32(uint v) => new(BitConverter.GetBytes(v));
    public static Scalar F32(float v) => new(BitConverter.GetBytes(v));

    /// <summary>A vector of scalars given as raw little-endian bytes.</summary>
    public sealed class ScalarVector : Node
    {
        public readonly byte[] Data;
        public readonly int ElementSize, Alignment;

        public ScalarVector(byte[] data, int elementSize, int alignment)
        {
            Data = data; ElementSize = elementSize; Alignment = Math.Max(alignment, 4);
        }
    }

    public sealed class NodeVector : Node
    {
        public readonly List<Node> Items;
        public NodeVector(IEnumerable<Node> items) { Items = items.ToList(); }
    }

    public sealed class Str : Node
    {
        public readonly byte[] Utf8;
        public Str(string s) { Utf8 = Encoding.UTF8.GetBytes(s); }
    }

    public static ScalarVector Ints(IEnumerable<int> v) => new(v.SelectMany(BitConverter.GetBytes).ToArray(), 4, 4);
    public static ScalarVector Floats(IEnumerable<float> v) => new(v.SelectMany(BitConverter.GetBytes).ToArray(), 4, 4);
    public static ScalarVector Longs(IEnumerable<long> v) => new(v.SelectMany(BitConverter.GetBytes).ToArray(), 8, 8);
    public static ScalarVector Bytes(byte[] v, int alignment = 4) => new(v, 1, alignment);

    /// <summary>Serializes a root table with a 4-character file identifier.</summary>
    public static byte[] Finish(Table root, string fileIdentifier)
    {
        var w = new Writer();
        w.Buf.AddRange(new byte[4]);
        w.Buf.AddRange(Encoding.ASCII.GetBytes(fileIdentifier));
        w.Pending.Enqueue((0, root));
        while (w.Pending.Count > 0)
        {
            var (patch, node) = w.Pending.Dequeue();
            int target = w.Write(node);
            w.PatchU32(patch, (uint)(target - patch));
        }
        return w.Buf.ToArray();
    }

    sealed class Writer
    {
        public readonly List<byte> Buf = new();
        public readonly Queue<(int Patch, Node Node)> Pending = new();

        public void PatchU32(int at, uint v)
        {
            byte[] b = BitConverter.GetBytes(v);
            for (int i = 0; i < 4; i++) { Buf[at + i] = b[i]; }
        }

        void Pad(int alignment, int extra = 0)
        {
            while ((Buf.Count + extra) % alignment != 0) { Buf.Add(0); }
        }

        /// <summary>Writes a node and returns the position an offset to it must point at.</summary>
        public int Write(Node node)
        {
            switch (node)
            {
                case Str s:
                {
                    Pad(4);
                    int pos = Buf.Count;
                    Buf.AddRange(BitConverter.GetBytes(s.Utf8.Length));
                    Buf.AddRange(s.Utf8);
                    Buf.Add(0);
                    return pos;
                }
                case ScalarVector v:
                {
                    // The length sits right before the first element, which gets the vector's alignment.
                    Pad(v.Alignment, 4);
                    int pos = Buf.Count;
                    Buf.AddRange(BitConverter.GetBytes(v.Data.Length / v.ElementSize));
                    Buf.AddRange(v.Data);
                    return pos;
                }
                case NodeVector nv:
                {
                    Pad(4);
                    int pos = Buf.Count;
                    Buf.AddRange(BitConverter.GetBytes(nv.Items.Count));
                    foreach (Node item in nv.Items)
                    {
                        Pending.Enqueue((Buf.Count, item));
                        Buf.AddRange(new byte[4]);
                    }
                    return pos;
                }
                case Table t:
                    return WriteTable(t);
                default:
                    throw new InvalidOperationException("unknown flatbuffer node");
            }
        }

        int WriteTable(Table t)
        {
            // Lay out the fields: widest first, after the 4-byte vtable offset.
            var fields = t.Fields.OrderByDescending(f => Size(f.Value)).ToList();
            int maxAlign = 4;
            var offsets = new Dictionary<int, int>();
            int size = 4;
            foreach (var f in fields)
            {
                int s = Size(f.Value);
                maxAlign = Math.Max(maxAlign, s);
                size = (size + s - 1) / s * s;
                offsets[f.Slot] = size;
                size += s;
            }
            int slots = t.Fields.Count == 0 ? 0 : t.Fields.Max(f => f.Slot) + 1;
            int vtSize = 4 + 2 * slots;

            Pad(2);
            int vtPos = Buf.Count;
            Buf.AddRange(BitConverter.GetBytes((ushort)vtSize));
            Buf.AddRange(BitConverter.GetBytes((ushort)size));
            for (int i = 0; i < slots; i++)
            {
                Buf.AddRange(BitConverter.GetBytes((ushort)(offsets.TryGetValue(i, out int o) ? o : 0)));
            }
            Pad(maxAlign);
            int tablePos = Buf.Count;
            Buf.AddRange(new byte[size]);
            byte[] so = BitConverter.GetBytes(tablePos - vtPos);
            for (int i = 0; i < 4; i++) { Buf[tablePos + i] = so[i]; }
            foreach (var f in fields)
            {
                int at = tablePos + offsets[f.Slot];
                if (f.Value is Scalar sc)
                {
                    for (int i = 0; i < sc.Bytes.Length; i++) { Buf[at + i] = sc.Bytes[i]; }
                }
                else
                {
                    Pending.Enqueue((at, (Node)f.Value));
                }
            }
            return tablePos;
        }

        static int Size(object v) => v is Scalar s ? s.Bytes.Length : 4;
    }
}
