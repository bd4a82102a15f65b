using System.ComponentModel.DataAnnotations;
using HealthMesh.Deidentification.UnitTests.TestFiles;

namespace HealthMesh.Deidentification.UnitTests.Contexts;

public sealed class DeidentificationOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==")]
    public void A_missing_malformed_or_short_key_is_invalid(string key)
    {
        Assert.NotEmpty(Validate(new DeidentificationOptions { HmacKey = key }));
    }

    [Fact]
    public void A_32_byte_key_is_valid()
    {
        Assert.Empty(Validate(new DeidentificationOptions { HmacKey = Fixtures.HmacKey }));
    }

    private static List<ValidationResult> Validate(DeidentificationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
