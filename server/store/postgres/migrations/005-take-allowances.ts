/**
 * The takes of one group, each the upsert that allowance-store.ts ran as a statement of its own until now, in
 * one round trip: every request spends from its client's bucket first, so on PostgreSQL each request's take
 * was a round trip and its parsing on both sides, a third of a rating's cost. In the order given (the caller
 * sorts by bucket and key, so that two groups lock shared rows in the same order), each take seeing the ones
 * before it, as if sent one after another, at its own caller's clock. (Numbered 005: 003 and 004 were
 * taken by work in progress when this was written.)
 */
export const sql = `
CREATE FUNCTION take_allowances(p_buckets text[], p_keys text[], p_capacities float8[], p_periods float8[], p_amounts float8[], p_nows bigint[])
RETURNS TABLE (ord integer, left_tokens float8, was_taken boolean)
LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1 .. COALESCE(array_length(p_buckets, 1), 0) LOOP
    ord := i;
    INSERT INTO allowances AS a (bucket, key, capacity, period_ms, tokens, at, taken)
    VALUES (p_buckets[i], p_keys[i], p_capacities[i], p_periods[i],
      CASE WHEN p_capacities[i] >= p_amounts[i] THEN p_capacities[i] - p_amounts[i] ELSE p_capacities[i] END, p_nows[i], p_capacities[i] >= p_amounts[i])
    ON CONFLICT (bucket, key) DO UPDATE SET
      capacity = EXCLUDED.capacity,
      period_ms = EXCLUDED.period_ms,
      tokens = LEAST(EXCLUDED.capacity, a.tokens + (GREATEST(0, EXCLUDED.at - a.at)::float8 / EXCLUDED.period_ms) * EXCLUDED.capacity)
        - CASE WHEN LEAST(EXCLUDED.capacity, a.tokens + (GREATEST(0, EXCLUDED.at - a.at)::float8 / EXCLUDED.period_ms) * EXCLUDED.capacity) >= p_amounts[i]
          THEN p_amounts[i] ELSE 0 END,
      at = GREATEST(a.at, EXCLUDED.at),
      taken = LEAST(EXCLUDED.capacity, a.tokens + (GREATEST(0, EXCLUDED.at - a.at)::float8 / EXCLUDED.period_ms) * EXCLUDED.capacity) >= p_amounts[i]
    RETURNING a.tokens, a.taken INTO left_tokens, was_taken;
    RETURN NEXT;
  END LOOP;
END
$$;
`
