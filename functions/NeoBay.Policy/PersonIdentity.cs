using System.Security.Cryptography;
using System.Text;

namespace NeoBay.Policy;

/// <summary>
/// common.14: a person of A11.2 is known only by a keyed hash of its identity number (HMAC-SHA256 under a
/// secret setting); the number itself is never stored, logged or returned.
/// </summary>
public sealed class PersonIdentity
{
    /// <summary>The setting holding the HMAC secret, base64 (a Key Vault reference on Azure, like the signing key).</summary>
    public const string SecretSetting = "NeoBay:PersonIdentityHmacKey";

    private readonly byte[] _secret;

    public PersonIdentity(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32) throw new ArgumentException("The person identity secret has at least 32 bytes.", nameof(secret));
        _secret = (byte[])secret.Clone();
    }

    /// <summary>A key for quotes, which compare persons only inside one call: a fresh random secret per process.</summary>
    public static PersonIdentity Ephemeral { get; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>From the base64 setting; null or blank gives <see cref="Ephemeral"/> only where <paramref name="allowEphemeral"/>.</summary>
    public static PersonIdentity FromSetting(string? base64, bool allowEphemeral)
    {
        if (string.IsNullOrWhiteSpace(base64))
            return allowEphemeral ? Ephemeral : throw new InvalidOperationException($"Setting {SecretSetting} is required (base64, at least 32 bytes).");
        return new PersonIdentity(Convert.FromBase64String(base64));
    }

    /// <summary>One keyed hash per thread, reused: re-keying an HMAC per person costs more than the quote's other work.</summary>
    [ThreadStatic]
    private static (byte[] Secret, IncrementalHash Hmac)? t_hmac;

    /// <summary>The person key: lower-case hex HMAC of "RESIDENT:{number}" or "PASSPORT:{country}:{number}" (ASCII upper case).</summary>
    public string KeyOf(PersonIdType type, string number, string? country)
    {
        ArgumentNullException.ThrowIfNull(number);
        // The hashed text is "RESIDENT:{number}" or "PASSPORT:{country}:{number}", upper case, UTF-8 (no string is built).
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(20 + (country?.Length ?? 0) + number.Length)];
        var length = type == PersonIdType.Passport ? Append(bytes, 0, "PASSPORT:") : Append(bytes, 0, "RESIDENT:");
        if (type == PersonIdType.Passport)
        {
            length = Append(bytes, length, country);
            length = Append(bytes, length, ":");
        }
        length = Append(bytes, length, number);
        if (t_hmac is not { } hmac || !ReferenceEquals(hmac.Secret, _secret))
        {
            t_hmac?.Hmac.Dispose();
            hmac = (_secret, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret));
            t_hmac = hmac;
        }
        hmac.Hmac.AppendData(bytes[..length]);
        Span<byte> hash = stackalloc byte[32];
        hmac.Hmac.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    private static int Append(Span<byte> bytes, int length, string? text)
    {
        foreach (var c in text ?? "") length += Encoding.UTF8.GetBytes([char.ToUpperInvariant(c)], bytes[length..]);
        return length;
    }

    /// <summary>GB 11643-1999: 17 digits and a check character (0–9 or X), ISO 7064 MOD 11-2.</summary>
    public static bool IsResidentIdNumber(string? number)
    {
        if (number is null || number.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var c = number[i];
            if (!char.IsAsciiDigit(c)) return false;
            sum += (c - '0') * ((1 << (17 - i)) % 11);
        }
        var check = (12 - sum % 11) % 11;
        var expected = check == 10 ? 'X' : (char)('0' + check);
        return char.ToUpperInvariant(number[17]) == expected;
    }

    /// <summary>A passport number: 5 to 20 ASCII letters or digits.</summary>
    public static bool IsPassportNumber(string? number)
    {
        if (number is null || number.Length is < 5 or > 20) return false;
        foreach (var c in number)
        {
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        }
        return true;
    }

    /// <summary>ISO 3166-1 alpha-2 shape: two upper-case ASCII letters.</summary>
    public static bool IsCountryCode(string? country) => country is { Length: 2 } && char.IsAsciiLetterUpper(country[0]) && char.IsAsciiLetterUpper(country[1]);
}

/// <summary>common.14: the kind of identity number of a person.</summary>
public enum PersonIdType
{
    /// <summary>18-character resident identity number with its GB 11643 check character.</summary>
    Resident,
    Passport,
}
