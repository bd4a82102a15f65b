namespace HealthMesh.AllInOne.OperatorApi;

/// <summary>The operator API could not be reached or refused the request; the message is shown to the operator as is.</summary>
public sealed class OperatorApiException(string message) : Exception(message);
