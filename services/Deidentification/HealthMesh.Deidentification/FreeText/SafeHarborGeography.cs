namespace HealthMesh.Deidentification.FreeText;

/// <summary>HIPAA Safe Harbor geography: the first three ZIP digits may stay unless that area has 20,000 people or fewer.</summary>
public static class SafeHarborGeography
{
    // The ZIP3 areas of 20,000 or fewer people (HHS de-identification guidance, 2000 census).
    private static readonly HashSet<string> RestrictedZip3 =
        ["036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884", "890", "893"];

    /// <summary>The first three digits of a ZIP code, or <c>000</c> for a restricted area or a malformed code.</summary>
    public static string Zip3(string zip)
    {
        var digits = new string(zip.Where(char.IsDigit).ToArray());
        if (digits.Length < 5)
        {
            return "000";
        }

        var zip3 = digits[..3];
        return RestrictedZip3.Contains(zip3) ? "000" : zip3;
    }
}
