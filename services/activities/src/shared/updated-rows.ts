/** TypeORM answers an UPDATE ... RETURNING on PostgreSQL with [rows, rowCount], a SELECT with the rows. */
export function updatedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
