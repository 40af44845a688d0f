import { z } from 'zod';
import type { ClipboardAck } from './pageClipboard.js';

/** The page's clipboard answer as it arrives over HTTP. Loaded with the services, not before listening. */
export const ClipboardAckSchema: z.ZodType<ClipboardAck> = z.object({ id: z.string().uuid(), ok: z.boolean() }).strict();
