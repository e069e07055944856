using System.Buffers.Binary;

namespace Folio.Ocr.Runtime;

/// <summary>One field of a protobuf message as it is on the wire.</summary>
/// <param name="Number">Field number.</param>
/// <param name="WireType">0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit.</param>
/// <param name="Raw">The whole field, tag included: copied as it is when the field is not changed.</param>
/// <param name="Payload">The bytes of a length-delimited field, or the 4 or 8 bytes of a fixed one.</param>
/// <param name="Varint">The value of a varint field.</param>
internal readonly record struct WireField(int Number, int WireType, ReadOnlyMemory<byte> Raw, ReadOnlyMemory<byte> Payload, ulong Varint)
{
    /// <summary>A length-delimited payload as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Payload.Span);
}

/// <summary>
/// Just enough of the protobuf wire format to read and rewrite an ONNX model without its schema: fields are read
/// as they come and written back byte for byte unless replaced.
/// </summary>
internal static class ProtoWire
{
    /// <summary>The fields of one message, in order.</summary>
    /// <exception cref="InvalidDataException">Not a well-formed message.</exception>
    public static List<WireField> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<WireField>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var start = at;
            var tag = ReadVarint(span, ref at);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            ulong varint = 0;
            ReadOnlyMemory<byte> payload = default;
            switch (wireType)
            {
                case 0:
                    varint = ReadVarint(span, ref at);
                    break;
                case 1:
                    payload = Slice(message, ref at, 8);
                    break;
                case 2:
                    payload = Slice(message, ref at, checked((int)ReadVarint(span, ref at)));
                    break;
                case 5:
                    payload = Slice(message, ref at, 4);
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wireType} at byte {start}.");
            }

            fields.Add(new WireField(number, wireType, message[start..at], payload, varint));
        }

        return fields;
    }

    /// <summary>Writes a length-delimited field.</summary>
    public static void WriteBytes(Stream output, int number, ReadOnlySpan<byte> payload)
    {
        WriteVarint(output, ((ulong)number << 3) | 2);
        WriteVarint(output, (ulong)payload.Length);
        output.Write(payload);
    }

    /// <summary>Writes a string field.</summary>
    public static void WriteString(Stream output, int number, string value) => WriteBytes(output, number, System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a varint field.</summary>
    public static void WriteVarintField(Stream output, int number, ulong value)
    {
        WriteVarint(output, (ulong)number << 3);
        WriteVarint(output, value);
    }

    /// <summary>Writes a fixed 32-bit float field.</summary>
    public static void WriteFloat(Stream output, int number, float value)
    {
        WriteVarint(output, ((ulong)number << 3) | 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        output.Write(bytes);
    }

    /// <summary>A fixed 32-bit payload as a float.</summary>
    public static float Float(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadSingleLittleEndian(payload);

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> message, ref int at, int length)
    {
        if (length < 0 || at + length > message.Length)
        {
            throw new InvalidDataException("A protobuf field runs past the end of its message.");
        }

        var slice = message.Slice(at, length);
        at += length;
        return slice;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= span.Length)
            {
                throw new InvalidDataException("A protobuf varint runs past the end of its message.");
            }

            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint is longer than 10 bytes.");
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }
}
