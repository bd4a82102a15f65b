namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>Canonical URLs of the FHIR Subscriptions R5 Backport IG (R4 form) that the sandbox understands.</summary>
public static class KnownSubscriptionUrls
{
    public const string BackportSubscriptionProfile = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription";
    public const string BackportSubscriptionStatusProfile = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";
    public const string BackportSubscriptionNotificationProfile = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4";
    public const string FilterCriteriaExtension = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria";
    public const string HeartbeatPeriodExtension = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period";
    public const string PayloadContentExtension = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";
}
