using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.Benchmarks;

/// <summary>Synthetic EHR data and Backport-IG full-resource event notifications for it (no real person).</summary>
public static class Notifications
{
    public const string PatientId = "bench-patient";

    public static Patient Patient() => new()
    {
        Id = PatientId,
        Name = [new HumanName { Family = "Synthetic", Given = ["Bench"] }],
        BirthDate = "1970-01-01",
    };

    public static Encounter FinishedEncounter(string id) => new()
    {
        Id = id,
        Status = Encounter.EncounterStatus.Finished,
        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
        Subject = new ResourceReference($"Patient/{PatientId}"),
        Period = new Period { Start = "2026-01-01T09:00:00Z", End = "2026-01-01T09:30:00Z" },
    };

    /// <summary>One event-notification Bundle carrying <paramref name="encounter"/> (payload full-resource).</summary>
    public static byte[] Event(long eventNumber, Encounter encounter, Uri baseUrl)
    {
        var number = eventNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = new Parameters
        {
            Parameter =
            [
                new Parameters.ParameterComponent { Name = "subscription", Value = new ResourceReference("Subscription/bench") },
                new Parameters.ParameterComponent { Name = "topic", Value = new Canonical("http://example.org/fhir/SubscriptionTopic/encounter-finished") },
                new Parameters.ParameterComponent { Name = "status", Value = new Code("active") },
                new Parameters.ParameterComponent { Name = "type", Value = new Code("event-notification") },
                new Parameters.ParameterComponent { Name = "events-since-subscription-start", Value = new FhirString(number) },
                new Parameters.ParameterComponent
                {
                    Name = "notification-event",
                    Part =
                    [
                        new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(number) },
                        new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference($"Encounter/{encounter.Id}") },
                    ],
                },
            ],
        };
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.History,
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = status },
                new Bundle.EntryComponent { FullUrl = $"{baseUrl}/Encounter/{encounter.Id}", Resource = encounter },
            ],
        };
        return FhirJson.SerializeToUtf8Bytes(bundle);
    }
}
