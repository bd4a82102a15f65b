using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.UnitTests.TestFiles;

namespace HealthMesh.Deidentification.UnitTests.Surrogates;

public sealed class DateShiftTests
{
    [Theory]
    [InlineData("2024", 40, "2024")]
    [InlineData("2024-03", 40, "2024-04")]
    [InlineData("2024-02-28", 2, "2024-03-01")]
    [InlineData("2024-12-31", 1, "2025-01-01")]
    [InlineData("2024-03-12T09:00:00-05:00", -30, "2024-02-11T09:00:00-05:00")]
    [InlineData("2024-03-12T09:00:00.123Z", 365, "2025-03-12T09:00:00.123Z")]
    public void Shifts_fhir_dates_keeping_precision_time_and_zone(string value, int days, string expected)
    {
        Assert.Equal(expected, DateShift.ShiftFhirDate(value, days));
    }

    [Fact]
    public void Rejects_what_is_not_a_fhir_date()
    {
        Assert.Throws<FormatException>(() => DateShift.ShiftFhirDate("12/03/2024", 1));
    }

    [Fact]
    public void The_offset_is_per_patient_nonzero_and_within_the_bound()
    {
        var hash = new KeyedHash(Convert.FromBase64String(Fixtures.HmacKey));
        var offsets = Enumerable.Range(0, 200).Select(i => DateShift.OffsetDays(hash, $"Patient/{i}", 30)).ToList();

        Assert.All(offsets, o => Assert.InRange(Math.Abs(o), 1, 30));
        Assert.Contains(offsets, o => o < 0);
        Assert.Contains(offsets, o => o > 0);
        Assert.Equal(DateShift.OffsetDays(hash, "Patient/7", 30), offsets[7]);
    }
}
