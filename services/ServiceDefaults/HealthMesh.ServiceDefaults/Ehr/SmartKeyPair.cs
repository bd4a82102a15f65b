using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>
/// A new SMART client key: the private key as PEM (for <see cref="SmartBackendOptions.PrivateKey"/>) and the public JWK
/// Set to register with the EHR. Used for the embedded mode's local keys and in tests.
/// </summary>
public sealed record SmartKeyPair(string KeyId, string Algorithm, string PrivateKeyPem, string PublicJwks)
{
    public static SmartKeyPair Generate(string algorithm = SmartBackendOptions.Rs384, string? keyId = null)
    {
        keyId ??= Guid.NewGuid().ToString("N");
        Dictionary<string, string> jwk;
        string pem;
        if (algorithm == SmartBackendOptions.Es384)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var parameters = ec.ExportParameters(false);
            pem = ec.ExportPkcs8PrivateKeyPem();
            jwk = new()
            {
                ["kty"] = "EC",
                ["crv"] = "P-384",
                ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
                ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            };
        }
        else if (algorithm == SmartBackendOptions.Rs384)
        {
            using var rsa = RSA.Create(3072);
            var parameters = rsa.ExportParameters(false);
            pem = rsa.ExportPkcs8PrivateKeyPem();
            jwk = new()
            {
                ["kty"] = "RSA",
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }
        else
        {
            throw new ArgumentException($"SMART signing algorithm must be {SmartBackendOptions.Rs384} or {SmartBackendOptions.Es384}.", nameof(algorithm));
        }

        jwk["kid"] = keyId;
        jwk["alg"] = algorithm;
        jwk["use"] = "sig";
        return new SmartKeyPair(keyId, algorithm, pem, JsonSerializer.Serialize(new { keys = new[] { jwk } }));
    }
}
