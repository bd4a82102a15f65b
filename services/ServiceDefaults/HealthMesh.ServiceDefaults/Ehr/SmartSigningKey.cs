using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>Reads the configured private key (PEM or JWK) into signing credentials for the client assertion.</summary>
public static class SmartSigningKey
{
    /// <summary>The credentials, or null with a reason that names the setting and never quotes the key.</summary>
    public static SigningCredentials? TryCreate(SmartBackendOptions options, out string? error)
    {
        error = null;
        var text = options.PrivateKey?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = $"{EhrOptions.SectionName}:Smart:PrivateKey is required when SMART is enabled (a PEM or a private JWK).";
            return null;
        }

        if (options.Algorithm is not (SmartBackendOptions.Rs384 or SmartBackendOptions.Es384))
        {
            error = $"{EhrOptions.SectionName}:Smart:Algorithm must be {SmartBackendOptions.Rs384} or {SmartBackendOptions.Es384}, not '{options.Algorithm}'.";
            return null;
        }

        var key = text.StartsWith('{') ? FromJwk(text, out error) : FromPem(text, out error);
        if (key is null)
        {
            return null;
        }

        var keyType = key switch
        {
            RsaSecurityKey => SmartBackendOptions.Rs384,
            ECDsaSecurityKey ec when ec.ECDsa.KeySize == 384 => SmartBackendOptions.Es384,
            JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA } => SmartBackendOptions.Rs384,
            JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve, Crv: JsonWebKeyECTypes.P384 } => SmartBackendOptions.Es384,
            _ => null,
        };
        if (keyType != options.Algorithm)
        {
            error = $"{EhrOptions.SectionName}:Smart:PrivateKey does not fit {options.Algorithm}: {SmartBackendOptions.Rs384} needs an RSA key, {SmartBackendOptions.Es384} an EC P-384 key.";
            return null;
        }

        key.KeyId = options.KeyId ?? (string.IsNullOrEmpty(key.KeyId) ? Thumbprint(key) : key.KeyId);
        return new SigningCredentials(key, options.Algorithm);
    }

    private static SecurityKey? FromJwk(string json, out string? error)
    {
        error = null;
        JsonWebKey jwk;
        try
        {
            jwk = new JsonWebKey(json);
        }
        catch (ArgumentException)
        {
            error = $"{EhrOptions.SectionName}:Smart:PrivateKey looks like a JWK but is not valid JSON Web Key JSON.";
            return null;
        }

        if (!jwk.HasPrivateKey)
        {
            error = $"{EhrOptions.SectionName}:Smart:PrivateKey is a public JWK; HealthMesh needs the private key (the EHR keeps the public one).";
            return null;
        }

        return jwk;
    }

    private static SecurityKey? FromPem(string pem, out string? error)
    {
        error = null;
        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            error = $"{EhrOptions.SectionName}:Smart:PrivateKey is an encrypted PEM; give the key unencrypted (from a secret store).";
            return null;
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            error = $"{EhrOptions.SectionName}:Smart:PrivateKey is neither a private-key PEM (BEGIN PRIVATE KEY / RSA PRIVATE KEY / EC PRIVATE KEY) nor a private JWK.";
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            error = $"{EhrOptions.SectionName}:Smart:PrivateKey could not be read as an RSA or EC private key PEM.";
            return null;
        }
    }

    private static string Thumbprint(SecurityKey key) =>
        Base64UrlEncoder.Encode((key as JsonWebKey ?? JsonWebKeyConverter.ConvertFromSecurityKey(key)).ComputeJwkThumbprint());
}
