using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Audit;

namespace Paylent.Application.Audit;

/// <summary>The Audit module's table: its data port. Append-only.</summary>
public interface IAuditData
{
    DbSet<AuditEvent> AuditEvents { get; }
}
