"""一括照会 (batch inquiry), the job system: a facility's list of tomorrow's patients, stored at
once (`inquiries`, its lines read by `lines`) and answered later, chunk by chunk, by a worker
thread (`worker`)."""
