namespace Paylent.Domain.Common;

/// <summary>
/// Data that belongs to exactly one environment. The persistence layer filters every query and
/// checks every write against the current environment, so no use case has to remember to.
/// </summary>
public interface IEnvironmentScoped
{
    Guid EnvironmentId { get; }
}
