using Paylent.Application.Common.Events;

namespace Paylent.Application.Tenancy.Contracts;

/// <summary>An environment was created; other modules provision what every environment starts with.</summary>
/// <param name="ManagementClientSecretHash">The SHA-256 of the secret its <c>paylent-management</c> client gets (never the secret).</param>
public sealed record EnvironmentCreated(Guid EnvironmentId, string ManagementClientSecretHash, DateTime CreatedAt) : IModuleEvent;
