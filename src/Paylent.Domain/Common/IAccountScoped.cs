namespace Paylent.Domain.Common;

/// <summary>Data that belongs to an account as a whole rather than to one of its environments.</summary>
public interface IAccountScoped
{
    Guid AccountId { get; }
}
