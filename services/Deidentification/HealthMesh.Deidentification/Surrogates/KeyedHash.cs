using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace HealthMesh.Deidentification.Surrogates;

/// <summary>
/// HMAC-SHA256 under the service key. Every surrogate and pseudonym derives from it, so the same input and key always
/// give the same output (redelivered messages rewrite identical documents) while nobody without the key can link back.
/// </summary>
public sealed class KeyedHash
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private readonly byte[] key;

    public KeyedHash(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The HMAC key must be at least 32 bytes.", nameof(key));
        }

        this.key = key.ToArray();
    }

    /// <param name="domain">Separates uses (ids, names, dates) so one value never yields the same hash in two roles.</param>
    public byte[] Compute(string domain, string value) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Concat(domain, "\u001f", value)));

    /// <summary>Lower-case base32 of the hash, cut to <paramref name="length"/> characters (valid as a FHIR id).</summary>
    public string Token(string domain, string value, int length)
    {
        var hash = Compute(domain, value);
        var builder = new StringBuilder(length);
        var buffer = 0;
        var bits = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && builder.Length < length)
            {
                builder.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return builder.ToString();
    }

    /// <summary>A number from the hash; <paramref name="attempt"/> draws the next one when a choice collides.</summary>
    public uint Number(string domain, string value, int attempt = 0)
    {
        var hash = Compute(domain, value);
        return BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan((attempt % 8) * 4, 4)) ^ (uint)(attempt / 8);
    }
}
